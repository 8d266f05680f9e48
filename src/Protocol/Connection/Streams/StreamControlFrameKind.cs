namespace ActorQuic.Protocol.Connection;

/// <summary>The control frames the stream registry asks to send (RFC 9000 §19.5, §19.9–§19.11, §19.14).</summary>
public enum StreamControlFrameKind : byte
{
    MaxData,
    MaxStreamData,
    MaxStreams,
    StopSending,
    StreamsBlocked,
}
