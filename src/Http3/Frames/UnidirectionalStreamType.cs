namespace ActorQuic.Http3.Frames;

/// <summary>
/// Unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2), sent as a varint at the start of
/// the stream. Other values are unknown (extensions or reserved 0x1f * N + 0x21, §6.2.3) and
/// their streams are discarded, never a connection error.
/// </summary>
public enum UnidirectionalStreamType : ulong
{
    Control = 0x00,
    Push = 0x01,
    QpackEncoder = 0x02,
    QpackDecoder = 0x03,
}
