namespace ActorQuic.Protocol.Streams;

/// <summary>The two low bits of a stream ID (RFC 9000 §2.1, table 1).</summary>
public enum StreamType : byte
{
    ClientBidirectional = 0x00,
    ServerBidirectional = 0x01,
    ClientUnidirectional = 0x02,
    ServerUnidirectional = 0x03,
}
