namespace ActorQuic.Http3.Frames;

/// <summary>One validated frame from the peer's control stream.</summary>
public readonly record struct ControlStreamEvent(ControlStreamEventKind Kind, Http3Settings? Settings, ulong Id)
{
    public static ControlStreamEvent ForSettings(Http3Settings settings) => new(ControlStreamEventKind.Settings, settings, 0);

    public static ControlStreamEvent ForGoaway(ulong id) => new(ControlStreamEventKind.Goaway, null, id);

    public static ControlStreamEvent ForMaxPushId(ulong pushId) => new(ControlStreamEventKind.MaxPushId, null, pushId);
}
