using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Send-side buffer of one stream (or one CRYPTO level): the application appends bytes, the
/// packet builder takes chunks to send, and loss recovery reports chunks acknowledged or lost.
/// Lost ranges are resent before new data; acknowledged bytes are freed; the FIN is tracked
/// like a byte past the end so that "all data and FIN acknowledged" means "Data Recvd"
/// (RFC 9000 §3.1).
/// </summary>
/// <remarks>
/// Offsets: everything below <see cref="AckedOffset"/> is acknowledged and released; bytes in
/// [AckedOffset, <see cref="SentOffset"/>) are in flight, acknowledged out of order, or lost;
/// bytes in [SentOffset, <see cref="WrittenOffset"/>) were never sent.
/// </remarks>
public sealed class SendBuffer : IDisposable
{
    public const int DefaultBlockSize = 16 * 1024;

    private readonly BlockStorage _storage;
    private readonly RangeSet _acked = new();  // acknowledged ranges above _ackedOffset
    private readonly RangeSet _lost = new();   // ranges to retransmit
    private ulong _written;
    private ulong _sent;
    private ulong _ackedOffset;
    private bool _finWritten;
    private bool _finPending; // FIN written and not (or no longer believed) delivered to the network
    private bool _finSent;
    private bool _finAcked;
    private bool _reset;

    public SendBuffer(int blockSize = DefaultBlockSize)
    {
        _storage = new BlockStorage(blockSize);
    }

    /// <summary>Total bytes the application wrote.</summary>
    public ulong WrittenOffset => _written;

    /// <summary>One past the largest offset ever sent: the stream's flow-control usage (RFC 9000 §4.1).</summary>
    public ulong SentOffset => _sent;

    /// <summary>Every byte below this offset is acknowledged.</summary>
    public ulong AckedOffset => _ackedOffset;

    /// <summary>Bytes written but never sent yet (waiting for credit or packet space).</summary>
    public ulong UnsentBytes => _written - _sent;

    /// <summary>Bytes held until acknowledged: what a sink should bound for back-pressure.</summary>
    public ulong BufferedBytes => _written - _ackedOffset;

    /// <summary>Memory rented from the pool.</summary>
    public long AllocatedBytes => (long)_storage.AllocatedBlocks * _storage.BlockSize;

    public bool IsFinished => _finWritten;

    public bool IsReset => _reset;

    /// <summary>The final size, once the application finished the stream (RFC 9000 §4.5).</summary>
    public ulong? FinalSize => _finWritten ? _written : null;

    /// <summary>Lost ranges or a lost FIN wait to be resent (these need no flow-control credit).</summary>
    public bool HasRetransmission => !_reset && (!_lost.IsEmpty || (_finPending && _finSent && _sent == _written));

    /// <summary>Something can be sent given enough credit: retransmissions, new bytes or the FIN.</summary>
    public bool HasDataToSend => !_reset && (!_lost.IsEmpty || _written > _sent || _finPending);

    /// <summary>All bytes and the FIN were acknowledged: the sending part reaches "Data Recvd" (RFC 9000 §3.1).</summary>
    public bool IsAllAcknowledged => _finAcked && _ackedOffset == _written && !_reset;

    /// <summary>Appends application data. Throws after <see cref="Finish"/> or <see cref="Reset"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_finWritten) throw new InvalidOperationException("the stream was finished");
        if (_reset) throw new InvalidOperationException("the stream was reset");
        if ((ulong)data.Length > QuicVarint.MaxValue - _written)
            throw new InvalidOperationException("a stream cannot exceed 2^62-1 bytes (RFC 9000 §19.8)");
        _storage.Write(_written, data);
        _written += (ulong)data.Length;
    }

    /// <summary>Ends the stream: the final size is now <see cref="WrittenOffset"/>; a FIN will be sent.</summary>
    public void Finish()
    {
        if (_reset) throw new InvalidOperationException("the stream was reset");
        if (_finWritten) return;
        _finWritten = true;
        _finPending = true;
    }

    /// <summary>
    /// Takes the next chunk to send, at most <paramref name="maxLength"/> bytes. Lost ranges go
    /// first and need no credit. New bytes stay below <paramref name="streamLimit"/> (the peer's
    /// MAX_STREAM_DATA, absolute) and within <paramref name="connectionCredit"/> (MAX_DATA left,
    /// relative); the caller charges the connection for <c>IsRetransmission ? 0 : Length</c>.
    /// A FIN with no new bytes needs neither credit nor space, so maxLength 0 can still yield it.
    /// The chunk counts as sent when returned.
    /// </summary>
    public bool TryGetNextChunk(int maxLength, ulong streamLimit, ulong connectionCredit, out SendChunk chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        chunk = default;
        if (_reset) return false;

        if (!_lost.IsEmpty && maxLength > 0)
        {
            ulong start = _lost.StartAt(0);
            ulong length = Math.Min(_lost.EndAt(0) - start, (ulong)maxLength);
            ulong end = start + length;
            _lost.Remove(start, end);
            bool fin = TakeFin(end);
            chunk = new SendChunk(start, (int)length, fin, IsRetransmission: true);
            return true;
        }

        ulong available = _written - _sent;
        available = Math.Min(available, streamLimit > _sent ? streamLimit - _sent : 0);
        available = Math.Min(available, connectionCredit);
        available = Math.Min(available, (ulong)maxLength);
        if (available > 0 || (_finPending && _sent == _written))
        {
            bool resendingFin = available == 0 && _finSent;
            ulong start = _sent;
            _sent += available;
            bool fin = TakeFin(_sent);
            chunk = new SendChunk(start, (int)available, fin, IsRetransmission: resendingFin);
            return true;
        }
        return false;
    }

    /// <summary>Copies the bytes of a chunk obtained from <see cref="TryGetNextChunk"/> (valid until acknowledged).</summary>
    public void CopyTo(ulong offset, Span<byte> destination)
    {
        if (offset < _ackedOffset || offset + (ulong)destination.Length > _written)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "range is not buffered");
        _storage.CopyTo(offset, destination);
    }

    /// <summary>
    /// A packet carrying [offset, offset + length) (and the FIN when <paramref name="fin"/>) was
    /// acknowledged. Returns true when this completes delivery (<see cref="IsAllAcknowledged"/>).
    /// </summary>
    public bool OnAcked(ulong offset, int length, bool fin)
    {
        if (_reset) return false;
        ulong end = offset + (ulong)length;
        if (end > _sent) throw new ArgumentOutOfRangeException(nameof(length), "acknowledged bytes that were never sent");
        if (end > _ackedOffset)
        {
            ulong start = Math.Max(offset, _ackedOffset);
            _acked.Add(start, end);
            // A late acknowledgement of data declared lost: no need to resend it any more.
            _lost.Remove(start, end);
            if (_acked.StartAt(0) == _ackedOffset)
            {
                _ackedOffset = _acked.EndAt(0);
                _acked.RemoveBelow(_ackedOffset);
                _storage.ReleaseBelow(_ackedOffset);
            }
        }
        if (fin && _finSent)
        {
            _finAcked = true;
            _finPending = false;
        }
        if (IsAllAcknowledged) _storage.Dispose(); // nothing can be written or resent any more
        return IsAllAcknowledged;
    }

    /// <summary>
    /// A packet carrying [offset, offset + length) (and the FIN) was declared lost: queue the
    /// parts not acknowledged meanwhile for retransmission, ahead of new data.
    /// </summary>
    public void OnLost(ulong offset, int length, bool fin)
    {
        if (_reset) return;
        ulong end = offset + (ulong)length;
        if (end > _sent) throw new ArgumentOutOfRangeException(nameof(length), "lost bytes that were never sent");
        ulong cursor = Math.Max(offset, _ackedOffset);
        for (int i = _acked.FirstEndingAfter(cursor); i < _acked.Count && cursor < end; i++)
        {
            ulong s = _acked.StartAt(i);
            if (s >= end) break;
            if (s > cursor) _lost.Add(cursor, s);
            cursor = Math.Max(cursor, _acked.EndAt(i));
        }
        if (cursor < end) _lost.Add(cursor, end);
        if (fin && !_finAcked) _finPending = true;
    }

    /// <summary>
    /// Abandons the stream (RESET_STREAM, RFC 9000 §19.4): drops all data and stops sending.
    /// Returns the final size to put in the frame: the bytes sent so far (RFC 9000 §4.5).
    /// </summary>
    public ulong Reset()
    {
        if (!_reset)
        {
            _reset = true;
            _lost.Clear();
            _acked.Clear();
            _storage.Dispose();
        }
        return _sent;
    }

    public void Dispose()
    {
        _lost.Clear();
        _acked.Clear();
        _storage.Dispose();
    }

    private bool TakeFin(ulong chunkEnd)
    {
        // RFC 9000 §19.8: the FIN rides on the frame whose data ends at the final size.
        if (!_finWritten || chunkEnd != _written || _finAcked) return false;
        _finPending = false;
        _finSent = true;
        return true;
    }
}
