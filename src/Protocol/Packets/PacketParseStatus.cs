namespace ActorQuic.Protocol.Packets;

/// <summary>Outcome of parsing one packet; the splitter needs more than the public true/false.</summary>
internal enum PacketParseStatus : byte
{
    /// <summary>Parsed; the packet can go on to header protection removal.</summary>
    Valid,

    /// <summary>
    /// Well-formed enough that its end is known, but it must be discarded (too short for a
    /// header protection sample, RFC 9001 §5.4.2). Later coalesced packets are still processed.
    /// </summary>
    Discard,

    /// <summary>The packet cannot be delimited: it and the rest of the datagram are dropped.</summary>
    Malformed,
}
