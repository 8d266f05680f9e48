namespace ActorQuic.Protocol.Wire;

/// <summary>The packet types of RFC 9000 §17, independent of how a version encodes them.</summary>
public enum PacketType : byte
{
    Initial,
    ZeroRtt,
    Handshake,
    Retry,
    VersionNegotiation,
    /// <summary>Short header (RFC 9000 §17.3.1).</summary>
    OneRtt,
    /// <summary>A long header of a version this endpoint does not speak: only the RFC 8999 invariants are known.</summary>
    Unknown = 0xff,
}
