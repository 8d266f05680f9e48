using ActorQuic.Protocol.Qlog;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Connection → receiver, sender, resender, right after they start and before any other input
/// that could produce an event: log into this trace, each child through its own
/// <see cref="QlogWriter"/>. Never sent when qlog is off.
/// </summary>
public sealed record AttachQlog(QlogTrace Trace);
