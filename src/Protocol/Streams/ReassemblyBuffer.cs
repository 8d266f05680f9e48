using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Receive-side buffer for one byte stream (a STREAM's data or one encryption level's CRYPTO
/// data). Accepts data at any offset, in any order, duplicated or overlapping; copies it into
/// pooled blocks; and hands out the contiguous bytes starting at the read offset.
/// </summary>
/// <remarks>
/// <para>Memory is bounded by <see cref="Limit"/>: nothing past it is accepted, and blocks below
/// the read offset go back to the pool as soon as the reader advances past them.</para>
/// <para>Overlapping data (RFC 9000 §2.2): bytes already received are never overwritten and
/// never compared — the first copy wins, later copies of those offsets are ignored. Comparing
/// would only catch a lying peer for bytes still buffered (already-read bytes are gone), so it
/// would be an inconsistent check that costs a memcmp on every retransmission.</para>
/// </remarks>
public sealed class ReassemblyBuffer : IDisposable
{
    /// <summary>Default block size: a few full-sized packets' payload per pooled array.</summary>
    public const int DefaultBlockSize = 16 * 1024;

    /// <summary>RFC 9000 §7.5: at least 4096 bytes of out-of-order CRYPTO data must be buffered.</summary>
    public const int MinimumCryptoBufferLimit = 4096;

    /// <summary>Default CRYPTO cap: room for a large certificate chain in one flight.</summary>
    public const int DefaultCryptoBufferLimit = 64 * 1024;

    private readonly BlockStorage _storage;
    private readonly RangeSet _received = new();
    private readonly TransportErrorCode _limitError;
    private readonly ulong _slidingWindow; // > 0: Limit = ReadOffset + window (CRYPTO)
    private ulong _limit;
    private ulong _readOffset;
    private ulong _highestReceived;
    private ulong _finalSize = ulong.MaxValue; // MaxValue = unknown (no legal final size reaches it)
    private bool _discarding;
    private bool _disposed;

    /// <summary>
    /// A buffer for STREAM data. <paramref name="limit"/> is the absolute offset the peer may
    /// send up to (the MAX_STREAM_DATA advertised); data beyond it is a FLOW_CONTROL_ERROR
    /// (RFC 9000 §4.1). Raise it with <see cref="RaiseLimit"/> when advertising more credit.
    /// </summary>
    public ReassemblyBuffer(ulong limit, int blockSize = DefaultBlockSize)
        : this(limit, 0, TransportErrorCode.FlowControlError, blockSize)
    {
    }

    private ReassemblyBuffer(ulong limit, ulong slidingWindow, TransportErrorCode limitError, int blockSize)
    {
        _storage = new BlockStorage(blockSize);
        _limit = Math.Min(limit, QuicVarint.MaxValue);
        _slidingWindow = slidingWindow;
        _limitError = limitError;
    }

    /// <summary>
    /// A buffer for CRYPTO data of one encryption level: CRYPTO is not flow controlled, so the
    /// cap slides with the read offset; data ending more than <paramref name="maxBufferedBytes"/>
    /// past it is CRYPTO_BUFFER_EXCEEDED (RFC 9000 §7.5).
    /// </summary>
    public static ReassemblyBuffer ForCrypto(int maxBufferedBytes = DefaultCryptoBufferLimit, int blockSize = 4096)
    {
        if (maxBufferedBytes < MinimumCryptoBufferLimit)
            throw new ArgumentOutOfRangeException(nameof(maxBufferedBytes), maxBufferedBytes, "RFC 9000 §7.5 requires at least 4096");
        return new ReassemblyBuffer((ulong)maxBufferedBytes, (ulong)maxBufferedBytes, TransportErrorCode.CryptoBufferExceeded, blockSize);
    }

    /// <summary>Offset of the next byte the reader will get; everything below was consumed.</summary>
    public ulong ReadOffset => _readOffset;

    /// <summary>End of the bytes received without a gap from the start of the stream.</summary>
    public ulong ContiguousEnd =>
        _received.Count > 0 && _received.StartAt(0) <= _readOffset ? _received.EndAt(0) : _readOffset;

    /// <summary>Bytes that can be read right now.</summary>
    public ulong ReadableBytes => ContiguousEnd - _readOffset;

    /// <summary>One past the largest offset received (what stream flow control counts, RFC 9000 §4.1).</summary>
    public ulong HighestReceivedOffset => _highestReceived;

    /// <summary>The final size once a FIN has been seen (RFC 9000 §4.5).</summary>
    public ulong? FinalSize => _finalSize == ulong.MaxValue ? null : _finalSize;

    /// <summary>Largest end offset currently accepted.</summary>
    public ulong Limit => _slidingWindow > 0 ? _readOffset + _slidingWindow : _limit;

    /// <summary>All bytes up to the final size have arrived (receiving part "Data Recvd", RFC 9000 §3.2).</summary>
    public bool IsComplete => _finalSize != ulong.MaxValue && ContiguousEnd == _finalSize;

    /// <summary>All bytes up to the final size have been read ("Data Read").</summary>
    public bool IsFinished => _readOffset == _finalSize;

    /// <summary>Bytes held in pooled blocks: the memory this buffer pins.</summary>
    public long AllocatedBytes => (long)_storage.AllocatedBlocks * _storage.BlockSize;

    /// <summary>True after <see cref="Discard"/>: data is still validated but no longer stored.</summary>
    public bool IsDiscarding => _discarding;

    /// <summary>Raises the absolute limit (after advertising MAX_STREAM_DATA); smaller values are ignored.</summary>
    public void RaiseLimit(ulong limit)
    {
        if (limit > _limit) _limit = Math.Min(limit, QuicVarint.MaxValue);
    }

    /// <summary>
    /// Stores <paramref name="data"/> received at <paramref name="offset"/>; <paramref name="fin"/>
    /// marks its end as the final size. Returns true when new bytes became readable.
    /// Throws <see cref="QuicProtocolException"/>: FINAL_SIZE_ERROR when the final size changes or
    /// data lies at or beyond it (RFC 9000 §4.5), FLOW_CONTROL_ERROR (CRYPTO_BUFFER_EXCEEDED for
    /// CRYPTO) when data ends past <see cref="Limit"/> or past 2^62-1 (RFC 9000 §19.6, §19.8).
    /// </summary>
    public bool Write(ulong offset, ReadOnlySpan<byte> data, bool fin = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong length = (ulong)data.Length;
        // RFC 9000 §19.8 (STREAM), §19.6 (CRYPTO): offset + length may not exceed 2^62-1.
        if (offset > QuicVarint.MaxValue || length > QuicVarint.MaxValue - offset)
            throw new QuicProtocolException(_limitError, "data would end beyond 2^62-1");
        ulong end = offset + length;
        CheckFinalSize(end, fin);
        if (end > Limit)
            throw new QuicProtocolException(_limitError, $"data ends at {end}, beyond the limit {Limit}");
        if (end > _highestReceived) _highestReceived = end;
        if (fin) OnFinalSize(end);

        ulong contiguousBefore = ContiguousEnd;
        ulong start = Math.Max(offset, _readOffset);
        if (_discarding || end <= start) return false;
        StoreGaps(start, data[(int)(start - offset)..]);
        _received.Add(start, end);
        return ContiguousEnd > contiguousBefore;
    }

    /// <summary>
    /// Checks a final size learned elsewhere (RESET_STREAM, RFC 9000 §4.5) and records it.
    /// </summary>
    public void SetFinalSize(ulong finalSize)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (finalSize > QuicVarint.MaxValue)
            throw new QuicProtocolException(_limitError, "final size beyond 2^62-1");
        CheckFinalSize(finalSize, fin: true);
        if (finalSize > Limit)
            throw new QuicProtocolException(_limitError, $"final size {finalSize} beyond the limit {Limit}");
        if (finalSize > _highestReceived) _highestReceived = finalSize;
        OnFinalSize(finalSize);
    }

    /// <summary>The readable bytes at the read offset, up to the end of one pooled block (zero-copy).</summary>
    public ReadOnlySpan<byte> GetReadableSpan()
    {
        ulong readable = ReadableBytes;
        if (readable == 0) return default;
        return _storage.GetSpan(_readOffset, (int)Math.Min(readable, int.MaxValue));
    }

    /// <summary>Marks <paramref name="count"/> readable bytes consumed, freeing blocks left behind.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((ulong)count > ReadableBytes)
            throw new ArgumentOutOfRangeException(nameof(count), count, "more than the readable bytes");
        if (count == 0) return;
        _readOffset += (ulong)count;
        _received.RemoveBelow(_readOffset);
        _storage.ReleaseBelow(_readOffset);
        ReleaseIfFinished();
    }

    /// <summary>Copies readable bytes into <paramref name="destination"/> and consumes them.</summary>
    public int Read(Span<byte> destination)
    {
        int total = 0;
        while (!destination.IsEmpty)
        {
            var span = GetReadableSpan();
            if (span.IsEmpty) break;
            int n = Math.Min(span.Length, destination.Length);
            span[..n].CopyTo(destination);
            Advance(n);
            destination = destination[n..];
            total += n;
        }
        return total;
    }

    /// <summary>
    /// Drops buffered data and stores nothing more (after RESET_STREAM or STOP_SENDING,
    /// RFC 9000 §3.2, §3.5); later data is still checked against the limit and final size.
    /// </summary>
    public void Discard()
    {
        _discarding = true;
        _received.Clear();
        _storage.Dispose();
    }

    /// <summary>Returns every pooled block. Further writes throw.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _received.Clear();
        _storage.Dispose();
    }

    private void OnFinalSize(ulong finalSize)
    {
        _finalSize = finalSize;
        ReleaseIfFinished();
    }

    private void ReleaseIfFinished()
    {
        // Everything up to the final size was read: no byte can ever be stored again.
        if (_readOffset == _finalSize) _storage.Dispose();
    }

    private void CheckFinalSize(ulong end, bool fin)
    {
        if (_finalSize != ulong.MaxValue)
        {
            // RFC 9000 §4.5: the final size cannot change, and no data may lie beyond it.
            if (end > _finalSize || (fin && end != _finalSize))
                throw new QuicProtocolException(TransportErrorCode.FinalSizeError,
                    $"final size is {_finalSize}, got data ending at {end}{(fin ? " with FIN" : "")}");
        }
        else if (fin && end < _highestReceived)
        {
            // Data was already received beyond this "final" size.
            throw new QuicProtocolException(TransportErrorCode.FinalSizeError,
                $"final size {end} is below data already received up to {_highestReceived}");
        }
    }

    /// <summary>Copies only the parts of [start, start + data.Length) not received yet.</summary>
    private void StoreGaps(ulong start, ReadOnlySpan<byte> data)
    {
        ulong end = start + (ulong)data.Length;
        ulong cursor = start;
        for (int i = _received.FirstEndingAfter(start); i < _received.Count && cursor < end; i++)
        {
            ulong rs = _received.StartAt(i);
            if (rs >= end) break;
            if (rs > cursor) _storage.Write(cursor, data.Slice((int)(cursor - start), (int)(rs - cursor)));
            cursor = Math.Max(cursor, _received.EndAt(i));
        }
        if (cursor < end) _storage.Write(cursor, data[(int)(cursor - start)..]);
    }
}
