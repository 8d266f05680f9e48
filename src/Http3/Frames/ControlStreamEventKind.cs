namespace ActorQuic.Http3.Frames;

/// <summary>What the peer's control stream told us.</summary>
public enum ControlStreamEventKind : byte
{
    /// <summary>The peer's SETTINGS (always the first event).</summary>
    Settings,

    /// <summary>A GOAWAY whose id is no larger than any before it (RFC 9114 §5.2).</summary>
    Goaway,

    /// <summary>A client's MAX_PUSH_ID (only a server sees this; we never push, so it is informational).</summary>
    MaxPushId,
}
