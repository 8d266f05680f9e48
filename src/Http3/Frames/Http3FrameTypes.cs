namespace ActorQuic.Http3.Frames;

/// <summary>Classification of frame type values as they arrive off the wire.</summary>
public static class Http3FrameTypes
{
    /// <summary>One of the frame types RFC 9114 §7.2 defines.</summary>
    public static bool IsKnown(ulong type) => type is 0x00 or 0x01 or 0x03 or 0x04 or 0x05 or 0x07 or 0x0d;

    /// <summary>
    /// HTTP/2 frame types with no HTTP/3 equivalent (PRIORITY 0x02, PING 0x06, WINDOW_UPDATE 0x08,
    /// CONTINUATION 0x09): their receipt is H3_FRAME_UNEXPECTED on any stream (RFC 9114 §7.2.8, §11.2.1).
    /// </summary>
    public static bool IsHttp2Reserved(ulong type) => type is 0x02 or 0x06 or 0x08 or 0x09;

    /// <summary>Unknown types (incl. grease) are skipped wherever frames are allowed (RFC 9114 §9).</summary>
    public static bool IsSkippable(ulong type) => !IsKnown(type) && !IsHttp2Reserved(type);
}
