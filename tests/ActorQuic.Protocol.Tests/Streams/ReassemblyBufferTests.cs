using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Streams;

public class ReassemblyBufferTests
{
    private const int BlockSize = 256; // small blocks so tests cross many block boundaries

    /// <summary>Random chunks of the payload, plus duplicates and overlapping re-slices, shuffled.</summary>
    private static List<(int Offset, int Length)> Chunks(Random rng, int length, int maxChunk)
    {
        var chunks = new List<(int, int)>();
        for (int at = 0; at < length;)
        {
            int n = Math.Min(length - at, rng.Next(1, maxChunk + 1));
            chunks.Add((at, n));
            at += n;
        }
        int extras = rng.Next(0, chunks.Count + 1);
        for (int i = 0; i < extras && length > 0; i++)
        {
            if (rng.Next(2) == 0)
            {
                chunks.Add(chunks[rng.Next(chunks.Count)]); // exact duplicate
            }
            else
            {
                int start = rng.Next(length); // overlapping slice on different boundaries
                chunks.Add((start, Math.Min(length - start, rng.Next(1, maxChunk + 1))));
            }
        }
        for (int i = chunks.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (chunks[i], chunks[j]) = (chunks[j], chunks[i]);
        }
        return chunks;
    }

    [Fact]
    public void Reassembles_reordered_duplicated_overlapping_chunks_into_the_same_bytes()
    {
        Gen.Select(Gen.Byte.Array[0, 6000], Gen.Int).Sample((payload, seed) =>
        {
            var rng = new Random(seed);
            using var buffer = new ReassemblyBuffer((ulong)payload.Length, BlockSize);
            var output = new List<byte>(payload.Length);
            var scratch = new byte[700];
            var chunks = Chunks(rng, payload.Length, 1200);
            foreach (var (offset, length) in chunks)
            {
                bool fin = offset + length == payload.Length && rng.Next(2) == 0;
                buffer.Write((ulong)offset, payload.AsSpan(offset, length), fin);
                // Memory stays within the window (plus partial blocks at both ends).
                Assert.True(buffer.AllocatedBytes <= (long)(buffer.Limit - buffer.ReadOffset) + 2 * BlockSize);
                if (rng.Next(3) == 0)
                {
                    int n = buffer.Read(scratch.AsSpan(0, rng.Next(scratch.Length)));
                    output.AddRange(scratch.AsSpan(0, n));
                }
            }
            buffer.Write((ulong)payload.Length, ReadOnlySpan<byte>.Empty, fin: true);
            Assert.True(buffer.IsComplete);
            int read;
            while ((read = buffer.Read(scratch)) > 0) output.AddRange(scratch.AsSpan(0, read));
            Assert.Equal(payload, output.ToArray());
            Assert.True(buffer.IsFinished);
            Assert.Equal(0, buffer.AllocatedBytes);
        }, seed: "0N0XIzNsQ0O2", iter: 300);
    }

    [Fact]
    public void Sliding_flow_control_window_bounds_memory_on_long_streams()
    {
        Gen.Select(Gen.Int[1, 4000], Gen.Int[20_000, 60_000], Gen.Int).Sample((window, length, seed) =>
        {
            var rng = new Random(seed);
            var payload = new byte[length];
            rng.NextBytes(payload);
            using var buffer = new ReassemblyBuffer((ulong)window, BlockSize);
            var pending = Chunks(rng, length, Math.Min(window, 1400));
            var output = new byte[length];
            int produced = 0;
            while (pending.Count > 0)
            {
                // The peer only sends what the limit allows (other chunks wait their turn).
                int pick = pending.FindIndex(c => (ulong)(c.Offset + c.Length) <= buffer.Limit);
                if (pick >= 0)
                {
                    var (offset, len) = pending[pick];
                    pending.RemoveAt(pick);
                    buffer.Write((ulong)offset, payload.AsSpan(offset, len));
                    Assert.True(buffer.AllocatedBytes <= window + 2 * BlockSize);
                }
                if (pick < 0 || rng.Next(2) == 0)
                {
                    produced += buffer.Read(output.AsSpan(produced));
                    buffer.RaiseLimit(buffer.ReadOffset + (ulong)window);
                }
            }
            produced += buffer.Read(output.AsSpan(produced));
            Assert.Equal(length, produced);
            Assert.Equal(payload, output);
        }, seed: "0N0XIzNsQ0O2", iter: 40);
    }

    [Fact]
    public void Zero_copy_spans_stop_at_block_boundaries()
    {
        using var buffer = new ReassemblyBuffer(10_000, BlockSize);
        var data = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        Assert.True(buffer.Write(0, data));
        Assert.Equal(600UL, buffer.ReadableBytes);
        var span = buffer.GetReadableSpan();
        Assert.Equal(BlockSize, span.Length);
        Assert.True(span.SequenceEqual(data.AsSpan(0, BlockSize)));
        buffer.Advance(BlockSize);
        Assert.Equal((ulong)BlockSize, buffer.ReadOffset);
        Assert.Equal(data[BlockSize], buffer.GetReadableSpan()[0]);
    }

    [Fact]
    public void Gap_keeps_data_unreadable_until_filled()
    {
        using var buffer = new ReassemblyBuffer(100, BlockSize);
        Assert.False(buffer.Write(5, [5, 6, 7]));
        Assert.Equal(0UL, buffer.ReadableBytes);
        Assert.Equal(8UL, buffer.HighestReceivedOffset);
        Assert.True(buffer.Write(0, [0, 1, 2, 3, 4]));
        Assert.Equal(8UL, buffer.ReadableBytes);
    }

    [Fact]
    public void First_copy_wins_when_overlapping_data_differs()
    {
        // RFC 9000 §2.2: we ignore (never compare) re-sent bytes.
        using var buffer = new ReassemblyBuffer(100, BlockSize);
        buffer.Write(2, [20, 30]);
        buffer.Write(0, [0, 1, 99, 99, 4]);
        var out5 = new byte[5];
        Assert.Equal(5, buffer.Read(out5));
        Assert.Equal(new byte[] { 0, 1, 20, 30, 4 }, out5);
    }

    [Fact]
    public void Data_beyond_the_limit_is_a_flow_control_error()
    {
        using var buffer = new ReassemblyBuffer(10, BlockSize);
        buffer.Write(0, new byte[10]);
        var ex = Assert.Throws<QuicProtocolException>(() => buffer.Write(10, new byte[1]));
        Assert.Equal(TransportErrorCode.FlowControlError, ex.ErrorCode);
    }

    [Fact]
    public void Data_ending_beyond_2_to_the_62_is_refused()
    {
        using var buffer = new ReassemblyBuffer(ulong.MaxValue, BlockSize);
        var ex = Assert.Throws<QuicProtocolException>(() => buffer.Write((1UL << 62) - 1, new byte[1]));
        Assert.Equal(TransportErrorCode.FlowControlError, ex.ErrorCode);
    }

    // RFC 9000 §4.5.
    [Fact]
    public void Final_size_cannot_change()
    {
        using var buffer = new ReassemblyBuffer(100, BlockSize);
        buffer.Write(0, new byte[10], fin: true);
        Assert.Equal(10UL, buffer.FinalSize);
        buffer.Write(5, new byte[5], fin: true); // same final size again: fine
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => buffer.Write(0, new byte[11], fin: true)).ErrorCode);
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => buffer.Write(0, new byte[9], fin: true)).ErrorCode);
    }

    [Fact]
    public void Data_beyond_the_final_size_is_a_final_size_error_even_after_reading_all()
    {
        using var buffer = new ReassemblyBuffer(100, BlockSize);
        buffer.Write(0, new byte[4], fin: true);
        buffer.Read(new byte[4]);
        Assert.True(buffer.IsFinished);
        buffer.Write(0, new byte[4]); // a retransmission is fine
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => buffer.Write(4, new byte[1])).ErrorCode);
    }

    [Fact]
    public void Fin_below_data_already_received_is_a_final_size_error()
    {
        using var buffer = new ReassemblyBuffer(100, BlockSize);
        buffer.Write(10, new byte[10]);
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => buffer.Write(0, new byte[5], fin: true)).ErrorCode);
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => buffer.SetFinalSize(19)).ErrorCode);
        buffer.SetFinalSize(20);
        Assert.Equal(20UL, buffer.FinalSize);
    }

    [Fact]
    public void Crypto_buffer_cap_slides_with_the_read_offset()
    {
        // RFC 9000 §7.5.
        using var crypto = ReassemblyBuffer.ForCrypto(4096);
        crypto.Write(100, new byte[3996]); // ends exactly at the cap
        var ex = Assert.Throws<QuicProtocolException>(() => crypto.Write(4096, new byte[1]));
        Assert.Equal(TransportErrorCode.CryptoBufferExceeded, ex.ErrorCode);
        crypto.Write(0, new byte[100]);
        Assert.Equal(4096, crypto.Read(new byte[5000]));
        crypto.Write(4096, new byte[4096]); // the window moved with the reader
        Assert.Equal(TransportErrorCode.CryptoBufferExceeded,
            Assert.Throws<QuicProtocolException>(() => crypto.Write(1UL << 40, new byte[1])).ErrorCode);
    }

    [Fact]
    public void Crypto_cap_must_be_at_least_4096()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReassemblyBuffer.ForCrypto(4095));
    }

    [Fact]
    public void Discard_frees_memory_but_keeps_validating()
    {
        using var buffer = new ReassemblyBuffer(10_000, BlockSize);
        buffer.Write(0, new byte[1000]);
        Assert.True(buffer.AllocatedBytes > 0);
        buffer.Discard();
        Assert.Equal(0, buffer.AllocatedBytes);
        Assert.False(buffer.Write(1000, new byte[1000]));
        Assert.Equal(0, buffer.AllocatedBytes);
        Assert.Equal(2000UL, buffer.HighestReceivedOffset);
        Assert.Throws<QuicProtocolException>(() => buffer.Write(0, new byte[20_000]));
    }

    [Fact]
    public void Dispose_returns_blocks_and_refuses_writes()
    {
        var buffer = new ReassemblyBuffer(10_000, BlockSize);
        buffer.Write(500, new byte[2000]);
        buffer.Dispose();
        Assert.Equal(0, buffer.AllocatedBytes);
        Assert.Throws<ObjectDisposedException>(() => buffer.Write(0, new byte[1]));
    }
}
