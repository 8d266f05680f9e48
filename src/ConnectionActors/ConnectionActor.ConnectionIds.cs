using System.Security.Cryptography;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol;
using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using EndpointRetireConnectionId = ActorQuic.Dispatcher.Endpoint.RetireConnectionId;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Connection IDs (RFC 9000 §5.1): the IDs we issue (<see cref="LocalConnectionIds"/>: each one
/// registered with the endpoint before its NEW_CONNECTION_ID goes out, and its route retired when
/// the peer retires it) and the peer's (<see cref="PeerConnectionIds"/>: limits, Retire Prior To,
/// their reset tokens registered with the endpoint). IDs are issued once the handshake is
/// confirmed, and only under an endpoint, which must route them.
/// </summary>
public sealed partial class ConnectionActor
{
    private LocalConnectionIds? _localCids;
    private PeerConnectionIds? _peerCids;
    private ulong _peerActiveConnectionIdLimit = TransportParameters.MinActiveConnectionIdLimit;
    private StatelessResetToken? _peerHandshakeResetToken;
    // The peer's reset tokens we registered with the endpoint, by sequence number (RFC 9000 §10.3.1: only tokens of active IDs count).
    private readonly Dictionary<ulong, StatelessResetToken> _peerResetTokens = [];

    private void ConnectionIdHandlers()
    {
        Receive<NewConnectionIdReceived>(m => Guarded(() =>
        {
            var peer = PeerCids();
            peer.OnNewConnectionId(new NewConnectionIdFrame(m.SequenceNumber, m.RetirePriorTo, m.ConnectionId, m.ResetToken));
            if (peer.IsActive(m.SequenceNumber) && _peerResetTokens.TryAdd(m.SequenceNumber, m.ResetToken))
                _options.Endpoint?.Tell(new RegisterPeerResetToken(m.ResetToken));
            AfterPeerCidChange();
            return LifecycleActions.None;
        }));
        Receive<RetireConnectionIdReceived>(m => Guarded(() =>
        {
            // §19.16: a RETIRE_CONNECTION_ID for IDs we never issued is a PROTOCOL_VIOLATION; LocalConnectionIds checks it.
            var local = _localCids ?? throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                "RETIRE_CONNECTION_ID before any NEW_CONNECTION_ID was sent", (ulong)FrameType.RetireConnectionId);
            local.OnRetireConnectionId(new RetireConnectionIdFrame(m.SequenceNumber), m.PacketDestinationConnectionId);
            DrainLocalCids();
            return LifecycleActions.None;
        }));
        Receive<RotatePeerConnectionId>(_ =>
        {
            if (_lifecycle.IsActive && PeerCids().TryRotate()) AfterPeerCidChange();
        });
        // A collision on the endpoint (RFC 9000 §5.1: IDs are random, so practically never): the
        // peer may already know the ID, so it stays issued; packets to it are just not routed here.
        Receive<ConnectionIdRejected>(_ => { });
    }

    /// <summary>Our active_connection_id_limit is what we accept (§18.2); the peer's IDs start with its handshake SCID (sequence 0).</summary>
    private PeerConnectionIds PeerCids()
    {
        if (_peerCids is not null) return _peerCids;
        var handshakeCid = _options.IsServer ? _options.PeerConnectionId : _peerInitialSourceCid ?? _options.OriginalDestinationConnectionId;
        _peerCids = new PeerConnectionIds(handshakeCid, _localParameters.ActiveConnectionIdLimit);
        if (_peerHandshakeResetToken is { } token)
        {
            _peerCids.SetHandshakeResetToken(token);
            _peerResetTokens[0] = token; // registered with the transport parameters
        }
        return _peerCids;
    }

    /// <summary>The peer's parameters were applied: its limit on our IDs and, from a server, the reset token of its handshake ID.</summary>
    private void OnPeerParametersForConnectionIds(TransportParameters peer)
    {
        _peerActiveConnectionIdLimit = peer.ActiveConnectionIdLimit;
        if (!_options.IsServer) _peerHandshakeResetToken = peer.StatelessResetToken;
    }

    /// <summary>
    /// Handshake confirmed (RFC 9001 §4.1.2): issue IDs up to min(peer's limit, our cap) (RFC 9000
    /// §5.1.1 SHOULD supply enough), never beyond the peer's active_connection_id_limit.
    /// </summary>
    private void IssueConnectionIds()
    {
        if (_localCids is not null || _options.Endpoint is null || _options.LocalConnectionId.IsEmpty || _options.MaxLocalConnectionIds < 2) return;
        var generator = _options.ResetTokens;
        var random = _options.ConnectionIdRandom ?? RandomNumberGenerator.Fill;
        // RFC 9000 §10.3.2: tokens come from the endpoint's generator, so it can reset for IDs of a
        // connection that is gone; without one, random tokens (no stateless reset is ever sent for them).
        Func<ConnectionId, StatelessResetToken> tokenFor = generator is not null
            ? cid => new StatelessResetToken(generator.Generate(cid))
            : _ =>
            {
                Span<byte> bytes = stackalloc byte[StatelessResetToken.Length];
                random(bytes);
                return new StatelessResetToken(bytes);
            };
        _localCids = new LocalConnectionIds(_options.LocalConnectionId, tokenFor, random, _options.MaxLocalConnectionIds);
        _localCids.SetPeerActiveConnectionIdLimit(_peerActiveConnectionIdLimit);
        _localCids.Replenish();
        DrainLocalCids();
    }

    /// <summary>Routes first, then frames: a NEW_CONNECTION_ID must never name an ID the endpoint does not route yet (§5.1.1).</summary>
    private void DrainLocalCids()
    {
        var local = _localCids!;
        while (local.TryDequeueRoutingChange(out var change))
        {
            switch (change)
            {
                case CidIssued issued when issued.ConnectionId != _options.LocalConnectionId:
                    _options.Endpoint?.Tell(new RegisterConnectionId(issued.ConnectionId));
                    break;
                case CidRetired retired:
                    _options.Endpoint?.Tell(new EndpointRetireConnectionId(retired.ConnectionId));
                    break;
            }
        }
        while (local.TryDequeueFrame(out var frame))
            _children.Sender.Tell(new SendNewConnectionId(frame.SequenceNumber, frame.RetirePriorTo, frame.ConnectionId, frame.StatelessResetToken));
    }

    /// <summary>After the peer's IDs changed: send retirements, follow a new current ID, drop retired tokens.</summary>
    private void AfterPeerCidChange()
    {
        var peer = _peerCids!;
        // The new ID first: a RETIRE_CONNECTION_ID must not travel to the ID it retires (§19.16).
        if (peer.HasUsableConnectionId) _children.Sender.Tell(new UseDestinationConnectionId(peer.Current));
        while (peer.TryDequeueFrame(out var retire))
        {
            _children.Sender.Tell(new SendRetireConnectionId(retire.SequenceNumber));
            // OutgoingFrames resends a lost RETIRE_CONNECTION_ID itself until acknowledged (RFC 9000 §13.3),
            // so from here on it is as good as delivered.
            peer.OnFrameAcked(retire);
        }
        List<ulong>? gone = null;
        foreach (var (sequence, _) in _peerResetTokens)
            if (!peer.IsActive(sequence)) (gone ??= []).Add(sequence);
        if (gone is null) return;
        foreach (ulong sequence in gone)
        {
            _options.Endpoint?.Tell(new RetirePeerResetToken(_peerResetTokens[sequence]));
            _peerResetTokens.Remove(sequence);
        }
    }
}
