namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Which endpoint opened a stream: the least significant bit of the stream ID (RFC 9000 §2.1).
/// Also used to say which role the local endpoint plays.
/// </summary>
public enum StreamInitiator : byte
{
    Client = 0,
    Server = 1,
}
