using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ActorQuic.Http3.QPack;

/// <summary>
/// The QPACK decoder of one connection (RFC 9204 §2.2): decodes field sections from request and
/// push streams, applies the peer's encoder stream to the dynamic table, holds field sections that
/// reference inserts not yet received (blocked streams, §2.2.1) and emits decoder-stream
/// instructions (§4.4). Pure: the HTTP/3 layer moves the bytes.
/// <para>Usage: <see cref="TryDecodeFieldSection"/> per HEADERS frame (false = blocked, keep the
/// stream's flow control closed); <see cref="ReceiveEncoderStream"/> for encoder-stream bytes, then
/// <see cref="TryTakeUnblocked"/> until false; <see cref="CancelStream"/> when a stream is reset or
/// abandoned; <see cref="TakeDecoderStreamBytes"/> to send on our decoder stream.</para>
/// Errors are <see cref="Http3ProtocolException"/>: QPACK_DECOMPRESSION_FAILED for field sections,
/// QPACK_ENCODER_STREAM_ERROR for the encoder stream. Not thread-safe: one owner.
/// </summary>
public sealed partial class QPackDecoder
{
    // RFC 9114 lets a stream carry several field sections (informational responses, trailers), but
    // the HTTP/3 layer reads no further while one is blocked; a few queued ones are plenty.
    internal const int MaxBlockedSectionsPerStream = 4;

    private readonly QPackDecoderOptions _options;
    private readonly DynamicTable _table;
    private readonly ArrayBufferWriter<byte> _decoderStream = new();
    private readonly Dictionary<long, Queue<BlockedSection>> _blocked = new();
    private readonly Queue<DecodedFieldSection> _unblocked = new();
    private long _knownReceivedCount;
    private long _minBlockedRequiredInsertCount = long.MaxValue;

    public QPackDecoder(QPackDecoderOptions? options = null)
    {
        _options = options ?? new QPackDecoderOptions();
        _options.Validate();
        _table = new DynamicTable(_options.MaxTableCapacity);
    }

    public QPackDecoderOptions Options => _options;

    /// <summary>The decoder's copy of the dynamic table (read it, never modify it).</summary>
    public DynamicTable Table => _table;

    /// <summary>Inserts received on the encoder stream so far.</summary>
    public long InsertCount => _table.InsertCount;

    /// <summary>Inserts the encoder is known to know we received (§2.1.4), as of the bytes already emitted or queued.</summary>
    public long KnownReceivedCount => _knownReceivedCount;

    /// <summary>Streams with at least one field section waiting for inserts.</summary>
    public int BlockedStreamCount => _blocked.Count;

    /// <summary>
    /// Decodes one encoded field section (RFC 9204 §4.5). Returns true with the fields, or false when
    /// the section needs inserts not yet received (or an earlier section of the same stream is still
    /// blocked): the decoder then keeps a copy and hands out the result through
    /// <see cref="TryTakeUnblocked"/> once the inserts arrive.
    /// </summary>
    public bool TryDecodeFieldSection(long streamId, ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out IReadOnlyList<HeaderField>? fields)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        int position = 0;
        ReadPrefix(encoded, ref position, out long requiredInsertCount, out long baseIndex);

        bool streamBlocked = _blocked.TryGetValue(streamId, out Queue<BlockedSection>? queue);
        if (streamBlocked || requiredInsertCount > _table.InsertCount)
        {
            Block(streamId, queue, new BlockedSection(requiredInsertCount, baseIndex, position, encoded.ToArray()));
            fields = null;
            return false;
        }

        fields = DecodeFieldLines(encoded, position, requiredInsertCount, baseIndex);
        OnSectionDecoded(streamId, requiredInsertCount);
        return true;
    }

    /// <summary>The next field section that became decodable after encoder-stream input, in order.</summary>
    public bool TryTakeUnblocked(out DecodedFieldSection section) => _unblocked.TryDequeue(out section);

    /// <summary>
    /// The stream was reset or its reading abandoned (§2.2.2.2): forget its blocked sections and tell
    /// the encoder its references are no longer outstanding (Stream Cancellation, §4.4.2). A decoder
    /// whose maximum capacity is 0 omits the instruction, as the RFC allows.
    /// </summary>
    public void CancelStream(long streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        if (_blocked.Remove(streamId)) RecomputeMinBlocked();
        if (_options.MaxTableCapacity > 0)
        {
            QPackInstructionWriter.StreamCancellation(_decoderStream, streamId);
        }
    }

    /// <summary>Whether decoder-stream bytes wait to be sent (including an Insert Count Increment owed).</summary>
    public bool HasDecoderStreamBytes => _decoderStream.WrittenCount > 0 || _table.InsertCount > _knownReceivedCount;

    /// <summary>
    /// Takes the decoder-stream bytes to send (§4.4). Insert Count Increments are coalesced into one,
    /// emitted here after any Section Acknowledgments, raising the Known Received Count to the insert count.
    /// </summary>
    public byte[] TakeDecoderStreamBytes()
    {
        if (_table.InsertCount > _knownReceivedCount)
        {
            // §4.4.3: raise the encoder's Known Received Count to everything processed so far.
            QPackInstructionWriter.InsertCountIncrement(_decoderStream, _table.InsertCount - _knownReceivedCount);
            _knownReceivedCount = _table.InsertCount;
        }
        if (_decoderStream.WrittenCount == 0) return [];
        byte[] bytes = _decoderStream.WrittenSpan.ToArray();
        _decoderStream.ResetWrittenCount();
        return bytes;
    }

    private void Block(long streamId, Queue<BlockedSection>? queue, BlockedSection section)
    {
        // Bound what we hold: an encoded section larger than 4x the decoded limit cannot fit it
        // (Huffman expands at most 30/8 per octet), so refuse it without keeping it.
        if (section.Encoded.Length > 4 * _options.MaxFieldSectionSize + 64)
        {
            throw new Http3ProtocolException(Http3ErrorCode.QpackDecompressionFailed, "field section too large", isConnectionError: false);
        }
        if (queue == null)
        {
            // §2.1.2: more blocked streams than we promised is a connection error.
            if (_blocked.Count >= _options.MaxBlockedStreams)
            {
                throw new Http3ProtocolException(Http3ErrorCode.QpackDecompressionFailed, "too many blocked streams");
            }
            queue = new Queue<BlockedSection>();
            _blocked.Add(streamId, queue);
        }
        if (queue.Count >= MaxBlockedSectionsPerStream)
        {
            throw new Http3ProtocolException(Http3ErrorCode.QpackDecompressionFailed, "too many blocked field sections on one stream");
        }
        queue.Enqueue(section);
        _minBlockedRequiredInsertCount = Math.Min(_minBlockedRequiredInsertCount, section.RequiredInsertCount);
    }

    /// <summary>Decodes every blocked section whose inserts have all arrived, in stream order.</summary>
    private void UnblockReady()
    {
        if (_table.InsertCount < _minBlockedRequiredInsertCount) return;
        List<long>? emptied = null;
        foreach ((long streamId, Queue<BlockedSection> queue) in _blocked)
        {
            while (queue.TryPeek(out BlockedSection section) && section.RequiredInsertCount <= _table.InsertCount)
            {
                queue.Dequeue();
                DecodeBlocked(streamId, section);
            }
            if (queue.Count == 0) (emptied ??= []).Add(streamId);
        }
        if (emptied != null)
        {
            foreach (long streamId in emptied) _blocked.Remove(streamId);
        }
        RecomputeMinBlocked();
    }

    private void DecodeBlocked(long streamId, BlockedSection section)
    {
        List<HeaderField> fields;
        try
        {
            fields = DecodeFieldLines(section.Encoded, section.LinesOffset, section.RequiredInsertCount, section.BaseIndex);
        }
        catch (Http3ProtocolException e) when (!e.IsConnectionError)
        {
            _unblocked.Enqueue(new DecodedFieldSection(streamId, [], e));
            return;
        }
        OnSectionDecoded(streamId, section.RequiredInsertCount);
        _unblocked.Enqueue(new DecodedFieldSection(streamId, fields));
    }

    private void OnSectionDecoded(long streamId, long requiredInsertCount)
    {
        if (requiredInsertCount == 0) return;
        // §4.4.1 Section Acknowledgment; §2.1.4: it raises the Known Received Count.
        QPackInstructionWriter.SectionAcknowledgment(_decoderStream, streamId);
        if (requiredInsertCount > _knownReceivedCount) _knownReceivedCount = requiredInsertCount;
    }

    private void RecomputeMinBlocked()
    {
        long min = long.MaxValue;
        foreach (Queue<BlockedSection> queue in _blocked.Values)
        {
            if (queue.TryPeek(out BlockedSection head)) min = Math.Min(min, head.RequiredInsertCount);
        }
        _minBlockedRequiredInsertCount = min;
    }

    /// <summary>Bytes of a partial encoder instruction held until the rest arrives (for tests of the bound).</summary>
    internal int PendingEncoderStreamBytes => _pendingCount;

    /// <summary>Total encoded bytes held for blocked sections (for tests of the bound).</summary>
    internal long BlockedBytes
    {
        get
        {
            long total = 0;
            foreach (Queue<BlockedSection> queue in _blocked.Values)
            {
                foreach (BlockedSection s in queue) total += s.Encoded.Length;
            }
            return total;
        }
    }

    private readonly record struct BlockedSection(long RequiredInsertCount, long BaseIndex, int LinesOffset, byte[] Encoded);
}
