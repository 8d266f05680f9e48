using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// 0-RTT (RFC 9001 §4.6). A client resuming with a ticket that allows early data gets 0-RTT write
/// keys at once: it applies the server's remembered transport parameters (RFC 9000 §7.4.1) so
/// streams open and carry data before the handshake completes, and tells its owner
/// (<see cref="ZeroRttReady"/>). The TLS engine's decision reaches the owner as
/// <see cref="EarlyDataDecided"/> at both ends. When the server rejects 0-RTT, the 0-RTT keys
/// go, recovery forgets the 0-RTT packets (RFC 9002 §6.4) and their frames are sent again with
/// 1-RTT keys.
/// </summary>
/// <remarks>
/// RFC 9001 §4.6.2 asks a client to reset its streams after a rejection because what it assumed
/// (ALPN, transport parameters, application settings) may be wrong. Our streams keep their IDs and
/// bytes instead, which is the same as the application sending them again, as long as those
/// assumptions hold: the ALPN is the ticket's (TLS refuses early data otherwise, RFC 9846
/// §4.2.10) and the new limits are not below what was used — if they are, the connection fails
/// with FLOW_CONTROL_ERROR or STREAM_LIMIT_ERROR at the server rather than misbehaving silently.
/// </remarks>
public sealed partial class ConnectionActor
{
    // Client: the remembered parameters were applied for 0-RTT (the real ones may still come).
    private bool _rememberedParametersApplied;

    private void EarlyDataHandlers()
    {
        Receive<SessionTicketReceived>(m => _options.Owner?.Tell(m));
        Receive<TlsEarlyDataDecided>(m => Guarded(() =>
        {
            _options.Owner?.Tell(new EarlyDataDecided(m.Accepted));
            // The tls child already told the resender (ZeroRttRejected); the 0-RTT keys go now.
            return _options.IsServer || m.Accepted ? LifecycleActions.None : _lifecycle.OnZeroRttRejected();
        }));
    }

    /// <summary>Client, 0-RTT write keys installed: the remembered limits apply until the real ones arrive.</summary>
    private void OnZeroRttWriteKeys()
    {
        if (_options.IsServer || _rememberedParametersApplied || _peerParametersApplied) return;
        if (_options.TlsClient?.SessionTicket is not { } ticket) return;
        TransportParameters remembered;
        try
        {
            remembered = TransportParameters.Decode(ticket.PeerTransportParameters, TransportParameterSender.Server);
        }
        catch (QuicProtocolException)
        {
            // The ticket came from a handshake that accepted these parameters; a damaged copy just
            // means no 0-RTT streams: the first ones open once the handshake brings the real limits.
            return;
        }
        _rememberedParametersApplied = true;
        _children.Sender.Tell(new RememberedPeerParameters(remembered));
        // RFC 9000 §7.4.1: the stream limits and flow control credit carry over to 0-RTT.
        ApplyPeerStreamLimits(remembered);
        _options.Owner?.Tell(new ZeroRttReady(System.Text.Encoding.ASCII.GetString(ticket.Alpn.Protocol.Span)));
    }
}
