using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Streams;

public class SendBufferTests
{
    private const int BlockSize = 256;

    /// <summary>
    /// Drives a send buffer against a lossy network: random writes, packet sizes, credit, acks
    /// and losses in random order. Checks that every byte reaches the receiver intact, that
    /// retransmissions cover only bytes lost and not acknowledged since, that credit is
    /// respected, and that all memory is returned at the end.
    /// </summary>
    [Fact]
    public void Random_loss_and_ack_sequences_deliver_every_byte_and_free_memory()
    {
        long retransmittedBytes = 0, finRetransmissions = 0, blockedAttempts = 0;
        Gen.Select(Gen.Byte.Array[0, 8000], Gen.Int).Sample((payload, seed) =>
        {
            var rng = new Random(seed);
            var send = new SendBuffer(BlockSize);
            using var receive = new ReassemblyBuffer((ulong)payload.Length, BlockSize);
            var acked = new bool[payload.Length];
            var lostPending = new bool[payload.Length];
            var inFlight = new List<(SendChunk Chunk, byte[] Bytes, bool DeclaredLost)>(); // packets carry a copy
            bool finLostPending = false;
            int written = 0;
            ulong streamLimit = (ulong)rng.Next(0, 3000);
            ulong connectionCredit = (ulong)rng.Next(0, 3000);

            for (int step = 0; !send.IsAllAcknowledged; step++)
            {
                Assert.True(step < 100_000, "no progress");
                int action = rng.Next(10);
                if (action < 2 && !send.IsFinished)
                {
                    int n = Math.Min(payload.Length - written, rng.Next(0, 2000));
                    send.Write(payload.AsSpan(written, n));
                    written += n;
                    if (written == payload.Length && rng.Next(2) == 0) send.Finish();
                }
                else if (action < 6)
                {
                    if (!send.TryGetNextChunk(rng.Next(0, 1200), streamLimit, connectionCredit, out var chunk))
                    {
                        // Blocked or idle: the peer grants credit eventually.
                        Interlocked.Increment(ref blockedAttempts);
                        streamLimit += (ulong)rng.Next(0, 2000);
                        connectionCredit += (ulong)rng.Next(0, 2000);
                        continue;
                    }
                    if (chunk.IsRetransmission)
                    {
                        for (ulong b = chunk.Offset; b < chunk.End; b++)
                            Assert.True(lostPending[b] && !acked[b], $"byte {b} resent without being lost");
                        if (chunk.Length == 0) Assert.True(chunk.Fin && finLostPending);
                        Interlocked.Add(ref retransmittedBytes, chunk.Length);
                        if (chunk.Fin) Interlocked.Increment(ref finRetransmissions);
                    }
                    else
                    {
                        Assert.True(chunk.End <= streamLimit);
                        Assert.True((ulong)chunk.Length <= connectionCredit);
                        connectionCredit -= (ulong)chunk.Length;
                    }
                    for (ulong b = chunk.Offset; b < chunk.End; b++) lostPending[b] = false;
                    if (chunk.Fin) finLostPending = false;
                    var bytes = new byte[chunk.Length];
                    send.CopyTo(chunk.Offset, bytes);
                    Assert.True(bytes.AsSpan().SequenceEqual(payload.AsSpan((int)chunk.Offset, chunk.Length)));
                    inFlight.Add((chunk, bytes, false));
                }
                else if (inFlight.Count > 0)
                {
                    int i = rng.Next(inFlight.Count);
                    var (chunk, bytes, declaredLost) = inFlight[i];
                    inFlight.RemoveAt(i);
                    // A packet declared lost may still arrive and be acknowledged (spurious loss).
                    if (declaredLost || rng.Next(10) < 7)
                    {
                        // Delivered: the receiver gets it (in whatever order) and we get an ACK.
                        receive.Write(chunk.Offset, bytes, chunk.Fin);
                        for (ulong b = chunk.Offset; b < chunk.End; b++) { acked[b] = true; lostPending[b] = false; }
                        if (chunk.Fin) finLostPending = false;
                        send.OnAcked(chunk.Offset, chunk.Length, chunk.Fin);
                    }
                    else
                    {
                        for (ulong b = chunk.Offset; b < chunk.End; b++) lostPending[b] |= !acked[b];
                        if (chunk.Fin && !receive.FinalSize.HasValue) finLostPending = true;
                        send.OnLost(chunk.Offset, chunk.Length, chunk.Fin);
                        if (rng.Next(3) == 0) inFlight.Add((chunk, bytes, true));
                    }
                }
                Assert.True(send.AllocatedBytes <= (long)send.BufferedBytes + 2 * BlockSize);
            }

            Assert.Equal((ulong)payload.Length, send.AckedOffset);
            Assert.Equal(0, send.AllocatedBytes);
            Assert.False(send.HasDataToSend);
            var output = new byte[payload.Length];
            Assert.Equal(payload.Length, receive.Read(output));
            Assert.Equal(payload, output);
            Assert.True(receive.IsFinished);
        }, seed: "0N0XIzNsQ0O2", iter: 300);
        // The scenario really exercised the interesting paths.
        Assert.True(retransmittedBytes > 100_000, $"{retransmittedBytes} bytes retransmitted");
        Assert.True(finRetransmissions > 50, $"{finRetransmissions} FIN retransmissions");
        Assert.True(blockedAttempts > 1000, $"{blockedAttempts} blocked attempts");
    }

    [Fact]
    public void Lost_ranges_go_before_new_data()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[300]);
        Assert.True(send.TryGetNextChunk(100, 1000, 1000, out var first));
        Assert.True(send.TryGetNextChunk(100, 1000, 1000, out var second));
        send.OnLost(first.Offset, first.Length, first.Fin);
        Assert.True(send.HasRetransmission);
        // Retransmission needs no credit at all.
        Assert.True(send.TryGetNextChunk(60, 1000, 0, out var resend));
        Assert.Equal(new SendChunk(0, 60, false, true), resend);
        Assert.True(send.TryGetNextChunk(100, 1000, 1000, out resend));
        Assert.Equal(new SendChunk(60, 40, false, true), resend);
        Assert.True(send.TryGetNextChunk(100, 1000, 1000, out var fresh));
        Assert.Equal(new SendChunk(200, 100, false, false), fresh);
        Assert.Equal(100UL, second.Offset);
    }

    [Fact]
    public void Late_ack_of_lost_data_cancels_its_retransmission()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[100]);
        send.TryGetNextChunk(100, 1000, 1000, out var chunk);
        send.OnLost(0, 100, false);
        send.OnAcked(0, 100, false); // spurious loss
        Assert.False(send.HasRetransmission);
        Assert.False(send.TryGetNextChunk(100, 1000, 1000, out _));
        Assert.Equal(100UL, send.AckedOffset);
    }

    [Fact]
    public void New_data_respects_stream_limit_and_connection_credit()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[1000]);
        Assert.True(send.TryGetNextChunk(1000, 300, 1000, out var a));
        Assert.Equal(300, a.Length);
        Assert.False(send.TryGetNextChunk(1000, 300, 1000, out _)); // stream-blocked
        Assert.True(send.TryGetNextChunk(1000, 2000, 50, out var b));
        Assert.Equal(new SendChunk(300, 50, false, false), b);
        Assert.False(send.TryGetNextChunk(1000, 2000, 0, out _)); // connection-blocked
        Assert.Equal(650UL, send.UnsentBytes);
    }

    [Fact]
    public void Fin_rides_on_the_last_bytes_or_alone()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[10]);
        send.Finish();
        Assert.True(send.TryGetNextChunk(100, 100, 100, out var chunk));
        Assert.Equal(new SendChunk(0, 10, true, false), chunk);
        Assert.False(send.TryGetNextChunk(100, 100, 100, out _));

        var empty = new SendBuffer(BlockSize);
        empty.Finish();
        // A bare FIN needs no credit and no payload room.
        Assert.True(empty.TryGetNextChunk(0, 0, 0, out var fin));
        Assert.Equal(new SendChunk(0, 0, true, false), fin);
        empty.OnLost(0, 0, true);
        Assert.True(empty.HasRetransmission);
        Assert.True(empty.TryGetNextChunk(0, 0, 0, out fin));
        Assert.Equal(new SendChunk(0, 0, true, true), fin);
        Assert.False(empty.IsAllAcknowledged);
        Assert.True(empty.OnAcked(0, 0, true));
        Assert.True(empty.IsAllAcknowledged);
    }

    [Fact]
    public void Fin_after_data_already_sent_goes_alone()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[10]);
        send.TryGetNextChunk(100, 100, 100, out _);
        send.Finish();
        Assert.True(send.TryGetNextChunk(100, 100, 100, out var fin));
        Assert.Equal(new SendChunk(10, 0, true, false), fin);
        Assert.False(send.OnAcked(10, 0, true)); // FIN acknowledged, bytes not yet
        Assert.True(send.OnAcked(0, 10, false));
    }

    [Fact]
    public void Reset_drops_data_and_reports_the_final_size_sent()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[1000]);
        send.TryGetNextChunk(400, 1000, 1000, out var chunk);
        send.OnLost(chunk.Offset, chunk.Length, false);
        Assert.Equal(400UL, send.Reset()); // RFC 9000 §4.5: final size = bytes sent
        Assert.Equal(0, send.AllocatedBytes);
        Assert.False(send.HasDataToSend);
        Assert.False(send.TryGetNextChunk(1000, 1000, 1000, out _));
        Assert.Throws<InvalidOperationException>(() => send.Write(new byte[1]));
        send.OnAcked(0, 400, false); // late acknowledgements are harmless
    }

    [Fact]
    public void Writing_after_finish_is_a_bug()
    {
        var send = new SendBuffer(BlockSize);
        send.Finish();
        Assert.Throws<InvalidOperationException>(() => send.Write(new byte[1]));
    }

    [Fact]
    public void Acknowledged_prefix_frees_blocks()
    {
        var send = new SendBuffer(BlockSize);
        send.Write(new byte[BlockSize * 8]);
        Assert.Equal(8L * BlockSize, send.AllocatedBytes);
        send.TryGetNextChunk(BlockSize * 8, ulong.MaxValue, ulong.MaxValue, out _);
        send.OnAcked(BlockSize * 4, BlockSize * 4, false); // out of order: nothing freed yet
        Assert.Equal(8L * BlockSize, send.AllocatedBytes);
        send.OnAcked(0, BlockSize * 4, false);
        Assert.Equal(0, send.AllocatedBytes);
        Assert.Equal((ulong)BlockSize * 8, send.AckedOffset);
    }
}
