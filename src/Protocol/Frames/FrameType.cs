namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Frame type values (RFC 9000 §12.4 Table 3, §19; RFC 9221 §4). ACK, STREAM, MAX_STREAMS,
/// STREAMS_BLOCKED, CONNECTION_CLOSE and DATAGRAM use low bits of the type as flags, so
/// each flag combination has its own member.
/// </summary>
public enum FrameType : ulong
{
    Padding = 0x00,
    Ping = 0x01,
    Ack = 0x02,
    /// <summary>ACK carrying ECN counts (RFC 9000 §19.3.2).</summary>
    AckEcn = 0x03,
    ResetStream = 0x04,
    StopSending = 0x05,
    Crypto = 0x06,
    NewToken = 0x07,

    // STREAM 0b00001XXX: OFF=0x04, LEN=0x02, FIN=0x01 (RFC 9000 §19.8).
    Stream = 0x08,
    StreamFin = 0x09,
    StreamLen = 0x0a,
    StreamLenFin = 0x0b,
    StreamOff = 0x0c,
    StreamOffFin = 0x0d,
    StreamOffLen = 0x0e,
    StreamOffLenFin = 0x0f,

    MaxData = 0x10,
    MaxStreamData = 0x11,
    MaxStreamsBidi = 0x12,
    MaxStreamsUni = 0x13,
    DataBlocked = 0x14,
    StreamDataBlocked = 0x15,
    StreamsBlockedBidi = 0x16,
    StreamsBlockedUni = 0x17,
    NewConnectionId = 0x18,
    RetireConnectionId = 0x19,
    PathChallenge = 0x1a,
    PathResponse = 0x1b,
    /// <summary>CONNECTION_CLOSE for QUIC-layer errors (RFC 9000 §19.19).</summary>
    ConnectionClose = 0x1c,
    /// <summary>CONNECTION_CLOSE for application errors (RFC 9000 §19.19).</summary>
    ConnectionCloseApplication = 0x1d,
    HandshakeDone = 0x1e,

    /// <summary>DATAGRAM whose data runs to the end of the packet (RFC 9221 §4).</summary>
    Datagram = 0x30,
    /// <summary>DATAGRAM with a Length field (RFC 9221 §4).</summary>
    DatagramWithLength = 0x31,
}
