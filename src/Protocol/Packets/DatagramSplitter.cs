namespace ActorQuic.Protocol.Packets;

/// <summary>
/// Walks the coalesced packets of one UDP datagram (RFC 9000 §12.2) without copying or
/// allocating. Usable with <c>foreach</c>; call <see cref="MoveNext"/> directly on a local to
/// read <see cref="SkippedPackets"/> and <see cref="DroppedRemainder"/> afterwards, because
/// <c>foreach</c> works on a copy of this struct.
/// </summary>
/// <remarks>
/// Packets are yielded only when they can go on to header protection removal. Two kinds are
/// skipped while the walk continues, because their end is known: packets too short for a
/// header protection sample (RFC 9001 §5.4.2), and packets whose Destination Connection ID
/// differs from the first packet's, which receivers SHOULD ignore (RFC 9000 §12.2). A packet
/// that cannot be delimited ends the walk and the rest of the datagram is dropped. Progress is
/// guaranteed: every packet consumes at least its first byte.
/// </remarks>
public struct DatagramSplitter
{
    private readonly ReadOnlyMemory<byte> _datagram;
    private readonly int _localConnectionIdLength;
    private ReadOnlyMemory<byte> _firstDestinationConnectionId;
    private PacketHeader _current;
    private int _offset;
    private int _skipped;
    private bool _started;
    private bool _droppedRemainder;

    /// <param name="datagram">One received UDP payload.</param>
    /// <param name="localConnectionIdLength">Length of the connection IDs this endpoint issues (for short headers).</param>
    public DatagramSplitter(ReadOnlyMemory<byte> datagram, int localConnectionIdLength)
    {
        if ((uint)localConnectionIdLength > Wire.ConnectionId.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(localConnectionIdLength), localConnectionIdLength, "local connection IDs are 0-20 bytes");
        _datagram = datagram;
        _localConnectionIdLength = localConnectionIdLength;
    }

    /// <summary>The packet the last successful <see cref="MoveNext"/> produced.</summary>
    public readonly PacketHeader Current => _current;

    /// <summary>Packets delimited but skipped (too short to sample, or a foreign DCID).</summary>
    public readonly int SkippedPackets => _skipped;

    /// <summary>True when a packet could not be delimited and the bytes from it on were dropped.</summary>
    public readonly bool DroppedRemainder => _droppedRemainder;

    /// <summary>Offset in the datagram where the next packet would start.</summary>
    public readonly int Offset => _offset;

    public readonly DatagramSplitter GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_offset < _datagram.Length)
        {
            var status = PacketHeaderParser.Parse(_datagram[_offset..], _localConnectionIdLength, out PacketHeader header);
            if (status == PacketParseStatus.Malformed)
            {
                _droppedRemainder = true;
                _offset = _datagram.Length;
                return false;
            }
            _offset += header.PacketLength;

            if (!_started)
            {
                _started = true;
                _firstDestinationConnectionId = header.DestinationConnectionId;
            }
            else if (!header.DestinationConnectionId.Span.SequenceEqual(_firstDestinationConnectionId.Span))
            {
                _skipped++;
                continue;
            }

            if (status == PacketParseStatus.Discard)
            {
                _skipped++;
                continue;
            }
            _current = header;
            return true;
        }
        return false;
    }
}
