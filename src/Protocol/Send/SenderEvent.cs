using ActorQuic.Protocol.Recovery;

namespace ActorQuic.Protocol.Send;

/// <summary>Something the sender's owner should act on, as a plain value (see <see cref="SenderEventKind"/>).</summary>
public readonly record struct SenderEvent(SenderEventKind Kind, ulong StreamId = 0, ulong Value = 0, PacketNumberSpace Space = PacketNumberSpace.Initial);
