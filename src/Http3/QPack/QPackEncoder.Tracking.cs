namespace ActorQuic.Http3.QPack;

/// <summary>
/// Reference tracking (RFC 9204 §2.1.1), blocked-stream accounting (§2.1.2) and the decoder
/// stream (§4.4): which entries unacknowledged sections still need, and what the decoder has seen.
/// </summary>
public sealed partial class QPackEncoder
{
    private const Http3ErrorCode DecoderStreamError = Http3ErrorCode.QpackDecoderStreamError;

    // Unacknowledged field sections with dynamic references, per stream, oldest first (§2.2.2.1:
    // a Section Acknowledgment is for the earliest unacknowledged one on its stream).
    private readonly Dictionary<long, Queue<UnackedSection>> _unacked = new();
    // Absolute index → number of references from unacknowledged sections.
    private readonly Dictionary<long, int> _referenceCounts = new();
    private readonly byte[] _decoderPending = new byte[QPackInteger.MaxEncodedLength];
    private int _decoderPendingCount;

    /// <summary>Streams whose unacknowledged sections could be blocked at the decoder (§2.1.2).</summary>
    public int BlockingStreamCount => CountBlockingStreams();

    /// <summary>References to <paramref name="absoluteIndex"/> from unacknowledged sections.</summary>
    public int GetReferenceCount(long absoluteIndex) => _referenceCounts.GetValueOrDefault(absoluteIndex);

    /// <summary>
    /// Applies bytes from the peer's decoder stream (§4.4), keeping a trailing partial instruction.
    /// Throws QPACK_DECODER_STREAM_ERROR for an acknowledgment of nothing, a zero increment, or an
    /// increment past what was sent.
    /// </summary>
    public void ReceiveDecoderStream(ReadOnlySpan<byte> data)
    {
        Span<byte> joined = stackalloc byte[2 * QPackInteger.MaxEncodedLength];
        while (!data.IsEmpty)
        {
            // Instructions are single integers, so at most MaxEncodedLength bytes are ever held;
            // work through the input in small joined windows to keep that bound without allocating.
            int take = Math.Min(data.Length, joined.Length - _decoderPendingCount);
            _decoderPending.AsSpan(0, _decoderPendingCount).CopyTo(joined);
            data[..take].CopyTo(joined[_decoderPendingCount..]);
            int total = _decoderPendingCount + take;
            data = data[take..];

            int position = 0;
            while (position < total && TryApplyDecoderInstruction(joined[..total], ref position))
            {
            }
            _decoderPendingCount = total - position;
            joined.Slice(position, _decoderPendingCount).CopyTo(_decoderPending);
        }
    }

    private bool TryApplyDecoderInstruction(ReadOnlySpan<byte> source, ref int position)
    {
        byte first = source[position];
        int p = position;
        if ((first & 0x80) != 0)
        {
            // §4.4.1 Section Acknowledgment: 1 StreamID(7+).
            if (!QPackInteger.TryRead(source, ref p, 7, out ulong streamId, DecoderStreamError)) return false;
            OnSectionAcknowledged((long)streamId);
        }
        else if ((first & 0x40) != 0)
        {
            // §4.4.2 Stream Cancellation: 01 StreamID(6+).
            if (!QPackInteger.TryRead(source, ref p, 6, out ulong streamId, DecoderStreamError)) return false;
            OnStreamCancelled((long)streamId);
        }
        else
        {
            // §4.4.3 Insert Count Increment: 00 Increment(6+).
            if (!QPackInteger.TryRead(source, ref p, 6, out ulong increment, DecoderStreamError)) return false;
            if (increment == 0) throw new Http3ProtocolException(DecoderStreamError, "Insert Count Increment of 0");
            if (increment > (ulong)(_table.InsertCount - _knownReceivedCount))
            {
                throw new Http3ProtocolException(DecoderStreamError, "Insert Count Increment beyond the inserts sent");
            }
            _knownReceivedCount += (long)increment;
        }
        position = p;
        return true;
    }

    private void OnSectionAcknowledged(long streamId)
    {
        // §4.4.1: acknowledging a stream with nothing outstanding is a connection error.
        if (!_unacked.TryGetValue(streamId, out Queue<UnackedSection>? queue))
        {
            throw new Http3ProtocolException(DecoderStreamError, "Section Acknowledgment for a stream with no unacknowledged section");
        }
        UnackedSection section = queue.Dequeue();
        if (queue.Count == 0) _unacked.Remove(streamId);
        Release(section);
        // §2.1.4: the acknowledged section's Required Insert Count is known received.
        if (section.RequiredInsertCount > _knownReceivedCount) _knownReceivedCount = section.RequiredInsertCount;
    }

    private void OnStreamCancelled(long streamId)
    {
        // §4.4.2: all references on that stream are no longer outstanding. Nothing is learnt about inserts.
        if (!_unacked.Remove(streamId, out Queue<UnackedSection>? queue)) return;
        foreach (UnackedSection section in queue) Release(section);
    }

    private void TrackSection(long streamId, long requiredInsertCount, long[] references)
    {
        if (!_unacked.TryGetValue(streamId, out Queue<UnackedSection>? queue))
        {
            queue = new Queue<UnackedSection>();
            _unacked.Add(streamId, queue);
        }
        queue.Enqueue(new UnackedSection(requiredInsertCount, references));
    }

    /// <summary>Counts a reference from the section being encoded at once, so later inserts in it cannot evict the entry.</summary>
    private void Reference(long absoluteIndex)
    {
        _sectionReferences.Add(absoluteIndex);
        _referenceCounts[absoluteIndex] = _referenceCounts.GetValueOrDefault(absoluteIndex) + 1;
    }

    private void Release(UnackedSection section)
    {
        foreach (long absolute in section.References)
        {
            int count = _referenceCounts[absolute] - 1;
            if (count == 0) _referenceCounts.Remove(absolute);
            else _referenceCounts[absolute] = count;
        }
    }

    /// <summary>
    /// Whether an entry of <paramref name="entrySize"/> fits after evicting only evictable entries:
    /// acknowledged (below the Known Received Count) and unreferenced (§2.1.1).
    /// </summary>
    private bool CanMakeRoom(long entrySize)
    {
        int evictions = _table.CountEvictionsFor(entrySize);
        if (evictions < 0) return false;
        for (int i = 0; i < evictions; i++)
        {
            long absolute = _table.DroppedCount + i;
            if (absolute >= _knownReceivedCount || _referenceCounts.ContainsKey(absolute)) return false;
        }
        return true;
    }

    private bool IsBlocking(long streamId)
    {
        if (!_unacked.TryGetValue(streamId, out Queue<UnackedSection>? queue)) return false;
        foreach (UnackedSection section in queue)
        {
            if (section.RequiredInsertCount > _knownReceivedCount) return true;
        }
        return false;
    }

    private int CountBlockingStreams()
    {
        int count = 0;
        foreach (long streamId in _unacked.Keys)
        {
            if (IsBlocking(streamId)) count++;
        }
        return count;
    }

    private readonly record struct UnackedSection(long RequiredInsertCount, long[] References);
}
