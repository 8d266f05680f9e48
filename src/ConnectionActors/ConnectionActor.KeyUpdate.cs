using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>1-RTT key updates (RFC 9001 §6): the sender decides when, the receiver follows; the connection only configures and forwards.</summary>
public sealed partial class ConnectionActor
{
    private void KeyUpdateHandlers() => Receive<InitiateKeyUpdate>(m =>
    {
        if (_lifecycle.IsActive) _children.Sender.Tell(m);
    });

    /// <summary>From PreStart, once the children exist.</summary>
    private void ConfigureKeyUpdates()
    {
        if (_options.KeyUpdateAfterPackets is { } after) _children.Sender.Tell(new ConfigureKeyUpdate(after));
    }

    /// <summary>RFC 9001 §6.1: key updates may start once the handshake is confirmed.</summary>
    private void OnConfirmedForKeyUpdates() => _children.Sender.Tell(HandshakeConfirmed.Instance);
}
