using System.Net;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>Creating connection actors of both roles, their CID and reset-token registrations, and their end.</summary>
public sealed partial class EndpointActor
{
    /// <summary>Draws for a fresh local CID before giving up (only a broken randomness source collides this often).</summary>
    private const int MaxConnectionIdDraws = 16;

    /// <summary>
    /// The router accepted a client Initial: create the server connection, route the client's
    /// DCID (its Initials keep using it until it hears from us, RFC 9000 §7.2) and our new SCID to
    /// it, then hand it the datagram. False when the connection could not be created (the caller
    /// returns the buffer; the client will retransmit its Initial).
    /// </summary>
    private bool Accept(IncomingConnection incoming, DatagramReceived received, long nowMs)
    {
        var clientDcid = incoming.DestinationConnectionId;
        if (!TryNewLocalConnectionId(clientDcid, out var scid))
        {
            _creationFailures++;
            return false;
        }
        // Routes are registered before this message ends, so further Initials under the client's
        // DCID find the connection directly and the pending buffer stays empty; it only catches
        // what arrives between Begin and TakeAll, should creation ever become asynchronous.
        bool pending = _pending.Begin(clientDcid, nowMs);
        var context = new NewConnectionContext
        {
            Role = ConnectionRole.Server,
            Version = incoming.Version,
            LocalConnectionId = scid,
            InitialDestinationConnectionId = incoming.SourceConnectionId,
            LocalConnectionIdLength = _routerOptions.LocalConnectionIdLength,
            Remote = received.Remote,
            Incoming = incoming,
            Transport = _transport!,
            ResetTokens = _routerOptions.StatelessResetTokens,
            Endpoint = Self,
        };
        if (!TrySpawn(_settings.ServerConnectionProps!, context, out var child))
        {
            if (pending)
                _pending.TakeAll(clientDcid);
            return false;
        }
        _connections.Add(child, new ConnectionState(ConnectionRole.Server, scid));
        _handshakesInProgress++;
        _table.TryAdd(clientDcid, child); // unknown to the table, or the router would have routed it
        _table.TryAdd(scid, child);
        child.Tell(received, Self);
        if (pending)
        {
            foreach (var buffered in _pending.TakeAll(clientDcid))
                child.Tell(new DatagramReceived(PooledDatagram.Copy(_settings.DatagramPool, buffered), received.Remote), Self);
        }
        _log.Debug("Accepted {Version:x8} connection {Scid} from {Remote} (client DCID {Dcid}, SCID {ClientScid}, token {Token})",
            incoming.Version, scid, received.Remote, clientDcid, incoming.SourceConnectionId, incoming.Token);
        return true;
    }

    /// <summary>A client connection on this socket: fresh SCID and initial DCID (RFC 9000 §7.2), then Connected to the asker.</summary>
    private void OnConnect(Connect connect)
    {
        var requester = Sender;
        if (_settings.ClientConnectionProps is null)
        {
            requester.Tell(new Status.Failure(new InvalidOperationException("this endpoint has no client connection Props")));
            return;
        }
        if (connect.Remote is null)
        {
            requester.Tell(new Status.Failure(new ArgumentNullException(nameof(connect.Remote))));
            return;
        }
        if (_connections.Count >= _routerOptions.MaxConnections)
        {
            requester.Tell(new Status.Failure(new InvalidOperationException(
                $"the endpoint has {_connections.Count} connections, its limit")));
            return;
        }
        Span<byte> dcidBytes = stackalloc byte[_settings.ClientInitialConnectionIdLength];
        _routerOptions.Random(dcidBytes);
        var dcid = new ConnectionId(dcidBytes);
        if (!TryNewLocalConnectionId(dcid, out var scid))
        {
            _creationFailures++;
            requester.Tell(new Status.Failure(new InvalidOperationException("no unused connection ID could be drawn")));
            return;
        }
        var context = new NewConnectionContext
        {
            Role = ConnectionRole.Client,
            Version = _routerOptions.SupportedVersions[0],
            LocalConnectionId = scid,
            InitialDestinationConnectionId = dcid,
            LocalConnectionIdLength = _routerOptions.LocalConnectionIdLength,
            Remote = connect.Remote,
            Transport = _transport!,
            ResetTokens = _routerOptions.StatelessResetTokens,
            Endpoint = Self,
            ClientOptions = connect.ClientOptions,
            Requester = requester,
        };
        if (!TrySpawn(_settings.ClientConnectionProps, context, out var child, out var error))
        {
            requester.Tell(new Status.Failure(error!));
            return;
        }
        _connections.Add(child, new ConnectionState(ConnectionRole.Client, scid));
        _clientConnections++;
        _table.TryAdd(scid, child);
        _log.Debug("Client connection {Scid} to {Remote} (initial DCID {Dcid})", scid, connect.Remote, dcid);
        requester.Tell(new Connected(child, scid));
    }

    private bool TrySpawn(Func<NewConnectionContext, Props> factory, NewConnectionContext context, out IActorRef child) =>
        TrySpawn(factory, context, out child, out _);

    private bool TrySpawn(Func<NewConnectionContext, Props> factory, NewConnectionContext context, out IActorRef child, out Exception? error)
    {
        try
        {
            child = Context.ActorOf(factory(context), ConnectionActorName(context.LocalConnectionId));
            Context.Watch(child);
            error = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A throwing Props factory (user code) or a name still held by a stopping child.
            _creationFailures++;
            _log.Warning("Could not create {Role} connection {Scid} to {Remote}: {Error}",
                context.Role, context.LocalConnectionId, context.Remote, e.Message);
            child = ActorRefs.Nobody;
            error = e;
            return false;
        }
    }

    /// <summary>A random local CID of the endpoint's length that routes nowhere yet and differs from <paramref name="avoid"/>.</summary>
    private bool TryNewLocalConnectionId(ConnectionId avoid, out ConnectionId connectionId)
    {
        Span<byte> bytes = stackalloc byte[_routerOptions.LocalConnectionIdLength];
        for (int i = 0; i < MaxConnectionIdDraws; i++)
        {
            _routerOptions.Random(bytes);
            connectionId = new ConnectionId(bytes);
            if (connectionId != avoid && !_table.TryGetOwner(connectionId, out _)
                && Context.Child(ConnectionActorName(connectionId)).IsNobody())
                return true;
        }
        connectionId = default;
        _log.Warning("No unused connection ID in {Draws} draws: the randomness source looks broken", MaxConnectionIdDraws);
        return false;
    }

    private void OnRegisterConnectionId(RegisterConnectionId register)
    {
        if (!IsConnection(Sender, nameof(RegisterConnectionId)))
            return;
        var cid = register.ConnectionId;
        if (_table.TryGetOwner(cid, out var owner) && owner.Equals(Sender))
            return;
        string? refusal =
            cid.Length != _routerOptions.LocalConnectionIdLength ? $"local CIDs are {_routerOptions.LocalConnectionIdLength} bytes on this endpoint"
            : _table.CountFor(Sender) >= _settings.MaxConnectionIdsPerConnection ? $"at most {_settings.MaxConnectionIdsPerConnection} CIDs per connection"
            : !_table.TryAdd(cid, Sender) ? "in use by another connection"
            : null;
        if (refusal is not null)
        {
            _log.Debug("Refused CID {Cid} for {Connection}: {Reason}", cid, Sender.Path.Name, refusal);
            Sender.Tell(new ConnectionIdRejected(cid, refusal));
        }
    }

    private void OnRetireConnectionId(RetireConnectionId retire)
    {
        if (IsConnection(Sender, nameof(RetireConnectionId)))
            _table.Remove(retire.ConnectionId, Sender);
    }

    private void OnRegisterPeerResetToken(RegisterPeerResetToken register)
    {
        if (!IsConnection(Sender, nameof(RegisterPeerResetToken)))
            return;
        if (_table.TokenCountFor(Sender) >= _settings.MaxPeerResetTokensPerConnection)
        {
            _log.Debug("Ignored a peer reset token from {Connection}: at most {Max}", Sender.Path.Name, _settings.MaxPeerResetTokensPerConnection);
            return;
        }
        // Another connection's peer issuing the same token keeps the first owner: a peer can
        // only reset its own connection this way (RFC 9000 §10.3, §21.11).
        _table.TryAddPeerResetToken(register.Token, Sender);
    }

    private void OnRetirePeerResetToken(RetirePeerResetToken retire)
    {
        if (IsConnection(Sender, nameof(RetirePeerResetToken)))
            _table.RemovePeerResetToken(retire.Token, Sender);
    }

    private void OnHandshakeCompleted()
    {
        if (_connections.TryGetValue(Sender, out var state) && state.HandshakePending)
        {
            state.HandshakePending = false;
            _handshakesInProgress--;
        }
    }

    /// <summary>A connection stopped (closed, drained, failed): forget its routes, tokens and counts.</summary>
    private void OnTerminated(Terminated terminated)
    {
        var child = terminated.ActorRef;
        if (!_connections.Remove(child, out var state))
            return;
        if (state.HandshakePending)
            _handshakesInProgress--;
        if (state.Role == ConnectionRole.Client)
            _clientConnections--;
        int removed = _table.RemoveAll(child);
        _log.Debug("Connection {Scid} ended; {Removed} CIDs unrouted", state.LocalConnectionId, removed);
    }

    /// <summary>Called by the supervisor strategy, on this actor's thread, when a child threw.</summary>
    private void OnConnectionFailed(IActorRef child, Exception cause)
    {
        _connectionFailures++;
        var cid = _connections.TryGetValue(child, out var state) ? state.LocalConnectionId.ToString() : child.Path.Name;
        _log.Warning("Connection {Scid} failed and is stopped: {Error}: {Message}", cid, cause.GetType().Name, cause.Message);
    }

    private bool IsConnection(IActorRef sender, string message)
    {
        if (_connections.ContainsKey(sender))
            return true;
        _log.Debug("Ignored {Message} from {Sender}, not a connection of this endpoint", message, sender.Path);
        return false;
    }
}
