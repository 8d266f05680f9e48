namespace ActorQuic.Protocol.Streams;

/// <summary>Whether data flows both ways: the second bit of the stream ID (RFC 9000 §2.1).</summary>
public enum StreamDirection : byte
{
    Bidirectional = 0,
    Unidirectional = 1,
}
