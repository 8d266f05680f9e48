using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class ConnectionActor
{
    private ConnectionId? _peerInitialSourceCid;
    private TransportParameters? _pendingPeerParameters;
    private bool _peerParametersApplied;
    private bool _handshakeKeysReported;

    private void Handlers()
    {
        Receive<DatagramReceived>(m => _children.Reader.Forward(m));
        Receive<ConnectionTimerFired>(_ => OnTimerFired());
        Receive<DeadlineChanged>(m =>
        {
            if (!_lifecycle.IsActive) return; // the closing period keeps only the close timer
            _timers.Set(m.Kind, m.At);
            UpdateTimer();
        });
        Receive<PtoPeriodChanged>(m =>
        {
            _lifecycle.Pto = m.Pto; // RFC 9000 §10.1, §10.2: idle floor and closing period follow the current PTO
            _smoothedRtt = m.SmoothedRtt;
            UpdateTimer();
        });
        Receive<CloseConnection>(m => Guarded(() =>
            _lifecycle.Close(m.ErrorCode, isApplication: true, m.Reason, _clock.Now, _lifecycle.Pto)));
        Receive<PacketsProcessed>(m => Guarded(() =>
        {
            TimeSpan now = _clock.Now;
            var actions = _lifecycle.OnPacketReceived(now);
            if (m.HandshakeProcessed) actions |= _lifecycle.OnHandshakePacketProcessed();
            if (m.OneRttProcessed) _lifecycle.OnOneRttPacketReceived(now);
            return actions;
        }));
        Receive<PacketsWentOut>(m => Guarded(() =>
        {
            if (m.AckEliciting) _lifecycle.OnAckElicitingSent(_clock.Now);
            return m.HandshakePacket ? _lifecycle.OnHandshakePacketSent() : LifecycleActions.None;
        }));
        Receive<KeysAvailable>(m => Guarded(() =>
        {
            if (m.Level == EncryptionLevel.Handshake && !_handshakeKeysReported)
            {
                _handshakeKeysReported = true;
                _children.Resender.Tell(HandshakeKeysAvailable.Instance);
            }
            var actions = _lifecycle.OnKeysAvailable(m.Level);
            if (m.Level == EncryptionLevel.ZeroRtt) OnZeroRttWriteKeys();
            return actions;
        }));
        Receive<PeerConnectionIdLearned>(m => Guarded(() =>
        {
            _peerInitialSourceCid ??= m.ConnectionId;
            return TryApplyPeerParameters();
        }));
        Receive<PeerTransportParametersReceived>(m => Guarded(() =>
        {
            var sender = _options.IsServer ? TransportParameterSender.Client : TransportParameterSender.Server;
            _pendingPeerParameters = TransportParameters.Decode(m.Encoded, sender);
            return TryApplyPeerParameters();
        }));
        Receive<TlsHandshakeCompleted>(m => Guarded(() =>
        {
            var actions = _lifecycle.OnHandshakeComplete(_clock.Now);
            _established = true;
            _applicationProtocol = m.ApplicationProtocol;
            _peerCertificates = m.PeerCertificates;
            var established = new ConnectionEstablished(m.ApplicationProtocol, m.PeerCertificates, _options.Remote);
            _options.Owner?.Tell(established);
            ReportEstablished(established);
            return actions;
        }));
        Receive<HandshakeDoneReceived>(_ => Guarded(() => _lifecycle.OnHandshakeDoneReceived(_clock.Now)));
        Receive<ConnectionCloseReceived>(m => Guarded(() =>
            _lifecycle.OnConnectionCloseReceived(m.Frame, _clock.Now, _lifecycle.Pto)));
        Receive<ChildFailed>(m => CloseWithError(m.Error));
    }

    /// <summary>Runs an input through the lifecycle; bad peer input closes the connection instead of failing the actor.</summary>
    private void Guarded(Func<LifecycleActions> input)
    {
        LifecycleActions actions;
        try
        {
            actions = input();
        }
        catch (Exception error) when (error is QuicProtocolException or TlsAlertException)
        {
            CloseWithError(error);
            return;
        }
        Apply(actions);
        UpdateTimer();
    }

    private void CloseWithError(Exception error)
    {
        TimeSpan now = _clock.Now;
        var actions = error switch
        {
            QuicProtocolException quic => _lifecycle.Close(quic, now, _lifecycle.Pto),
            // RFC 9001 §4.8: CRYPTO_ERROR 0x100 + the alert.
            TlsAlertException alert => _lifecycle.Close(alert.ToQuicException(), now, _lifecycle.Pto),
            _ => _lifecycle.Close((ulong)TransportErrorCode.InternalError, isApplication: false,
                "internal error", now, _lifecycle.Pto),
        };
        Apply(actions);
        UpdateTimer();
    }

    /// <summary>
    /// Validates and applies the peer's transport parameters once both they and the peer's
    /// Initial SCID are known (RFC 9000 §7.3), whichever arrives first.
    /// </summary>
    private LifecycleActions TryApplyPeerParameters()
    {
        if (_peerParametersApplied || _pendingPeerParameters is not { } peer) return LifecycleActions.None;
        ConnectionId peerCid;
        if (_options.IsServer) peerCid = _options.PeerConnectionId;
        else if (_peerInitialSourceCid is { } learned) peerCid = learned;
        else return LifecycleActions.None;
        ConnectionIdAuthentication.Validate(peer,
            _options.IsServer ? TransportParameterSender.Client : TransportParameterSender.Server,
            peerCid, _options.OriginalDestinationConnectionId, _retrySourceConnectionId);
        _peerParametersApplied = true;
        _lifecycle.OnPeerTransportParameters(peer.MaxIdleTimeoutMs);
        var applied = new PeerParametersApplied(peer);
        _children.Sender.Tell(applied);
        _children.Resender.Tell(applied);
        ReportPeerParameters(peer);
        QlogPeerParameters(peer);
        ApplyPeerStreamLimits(peer);
        OnPeerParametersForConnectionIds(peer);
        return LifecycleActions.None;
    }

    /// <summary>Carries out what the lifecycle asks, in declaration order (LifecycleActions).</summary>
    private void Apply(LifecycleActions actions)
    {
        if (actions == LifecycleActions.None) return;
        if ((actions & LifecycleActions.HandshakeConfirmed) != 0)
        {
            _children.Resender.Tell(HandshakeConfirmed.Instance);
            OnConfirmedForKeyUpdates();
            IssueConnectionIds();
            ReportConfirmed();
        }
        if ((actions & LifecycleActions.SendHandshakeDone) != 0) _children.Sender.Tell(SendHandshakeDone.Instance);
        if ((actions & LifecycleActions.DiscardInitialKeys) != 0) Discard(EncryptionLevel.Initial);
        if ((actions & LifecycleActions.DiscardHandshakeKeys) != 0) Discard(EncryptionLevel.Handshake);
        if ((actions & LifecycleActions.DiscardZeroRttKeys) != 0) Discard(EncryptionLevel.ZeroRtt);
        if ((actions & LifecycleActions.AddressValidated) != 0)
        {
            _children.Sender.Tell(AddressValidated.Instance);
            _children.Receiver.Tell(AddressValidated.Instance);
        }
        if ((actions & LifecycleActions.SendPing) != 0) _children.Sender.Tell(new SendPing(PacketNumberSpace.ApplicationData));
        if ((actions & LifecycleActions.Terminated) != 0)
        {
            _children.Sender.Tell(StopSending.Instance);
            QlogClosed(_lifecycle.CloseInfo);
            AbortStreams(_lifecycle.CloseInfo!);
            ReportFailureIfPending(_lifecycle.CloseInfo);
            _options.Owner?.Tell(new ConnectionTerminated(_lifecycle.CloseInfo!));
        }
        if ((actions & LifecycleActions.SendConnectionClose) != 0 && _lifecycle.ClosePlan is { } plan)
            _children.Sender.Tell(new SendConnectionClose(plan.Frame));
        if ((actions & LifecycleActions.Closed) != 0)
        {
            _options.Owner?.Tell(new ConnectionClosed(_lifecycle.CloseInfo!));
            Context.Stop(Self);
        }
    }

    private void Discard(EncryptionLevel level)
    {
        var message = new DiscardKeys(level);
        _children.Receiver.Tell(message);
        _children.Sender.Tell(message);
        if (level != EncryptionLevel.ZeroRtt) _children.Resender.Tell(message);
        _children.Tls.Tell(message);
    }
}
