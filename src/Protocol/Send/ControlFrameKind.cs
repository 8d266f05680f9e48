namespace ActorQuic.Protocol.Send;

/// <summary>The frames the sender keeps in its control queue (RFC 9000 §19), one per kind.</summary>
public enum ControlFrameKind : byte
{
    MaxData,
    MaxStreamData,
    MaxStreams,
    DataBlocked,
    StreamDataBlocked,
    StreamsBlocked,
    NewConnectionId,
    RetireConnectionId,
    NewToken,
    PathChallenge,
    PathResponse,
    ResetStream,
    StopSending,
    HandshakeDone,
}
