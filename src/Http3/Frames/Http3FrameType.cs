namespace ActorQuic.Http3.Frames;

/// <summary>
/// HTTP/3 frame types (RFC 9114 §7.2, §11.2.1). The wire value is a varint; any value not
/// listed here is an unknown (extension or reserved) type that receivers skip (§9).
/// </summary>
public enum Http3FrameType : ulong
{
    Data = 0x00,
    Headers = 0x01,
    CancelPush = 0x03,
    Settings = 0x04,
    PushPromise = 0x05,
    Goaway = 0x07,
    MaxPushId = 0x0d,
}
