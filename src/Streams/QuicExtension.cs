using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>One /user/quic guardian per ActorSystem, made on first use.</summary>
internal sealed class QuicExtension : IExtension
{
    public QuicExtension(ExtendedActorSystem system) => Guardian = system.ActorOf(QuicGuardian.Props(), "quic");

    public IActorRef Guardian { get; }

    public static QuicExtension For(ActorSystem system) => system.WithExtension<QuicExtension, QuicExtensionProvider>();
}

internal sealed class QuicExtensionProvider : ExtensionIdProvider<QuicExtension>
{
    public override QuicExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
