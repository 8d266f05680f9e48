namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Frames that name a stream, valued by their frame type (RFC 9000 §19) so a value can go
/// straight into <see cref="QuicProtocolException.FrameType"/>. STREAM stands for 0x08–0x0f.
/// </summary>
public enum StreamFrameKind : ulong
{
    ResetStream = 0x04,
    StopSending = 0x05,
    Stream = 0x08,
    MaxStreamData = 0x11,
    StreamDataBlocked = 0x15,
}
