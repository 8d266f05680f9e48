using System.Net;
using ActorQuic.Dispatcher.Transport;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>What a <see cref="ConnectionActor"/> needs to start. Immutable once handed over.</summary>
public sealed class ConnectionOptions : ConnectionSettings
{
    public bool IsServer { get; init; }

    /// <summary>The QUIC version (v1 by default).</summary>
    public uint Version { get; init; } = QuicVersion.V1;

    /// <summary>The socket (or simulated transport) the sender writes to directly.</summary>
    public required IDatagramTransport Transport { get; init; }

    public required IPEndPoint Remote { get; init; }

    /// <summary>Our connection ID: the SCID of our long headers and the DCID the peer uses.</summary>
    public required ConnectionId LocalConnectionId { get; init; }

    /// <summary>
    /// Client: the random DCID of its first Initial (RFC 9000 §7.2). Server: the DCID of the
    /// client's first Initial. Initial secrets derive from it (RFC 9001 §5.2).
    /// </summary>
    public required ConnectionId OriginalDestinationConnectionId { get; init; }

    /// <summary>Server only: the SCID of the client's first Initial, our first DCID.</summary>
    public ConnectionId PeerConnectionId { get; init; }

    /// <summary>
    /// Server only, after a Retry: the SCID of our Retry. It goes in retry_source_connection_id
    /// (RFC 9000 §7.3) and, being the DCID of the client's second Initial, is what the Initial
    /// keys derive from (RFC 9001 §5.2). Empty when there was no Retry.
    /// </summary>
    public ConnectionId RetrySourceConnectionId { get; init; }

    /// <summary>
    /// Server only: the client's address was validated by a Retry or NEW_TOKEN token, so the
    /// anti-amplification limit does not apply from the start (RFC 9000 §8.1).
    /// </summary>
    public bool AddressValidated { get; init; }

    /// <summary>
    /// The endpoint actor the connection lives under, told RegisterPeerResetToken,
    /// HandshakeCompleted and RetireConnectionId; null when the connection runs without one (tests).
    /// </summary>
    public IActorRef? Endpoint { get; init; }

    /// <summary>
    /// Client only: who asked for the connection; told <see cref="ConnectionEstablished"/> or
    /// <see cref="ConnectionFailed"/> once, unless it is the <see cref="Owner"/> (which hears it anyway).
    /// </summary>
    public IActorRef? Requester { get; init; }

    /// <summary>
    /// Server only: the stateless reset token we issue for <see cref="LocalConnectionId"/> in our
    /// transport parameters (RFC 9000 §10.3, §18.2); null to issue none.
    /// </summary>
    public StatelessResetToken? StatelessResetToken { get; init; }

    /// <summary>The DCID the Initial secrets derive from (RFC 9001 §5.2): the Retry's SCID after a Retry.</summary>
    internal ConnectionId InitialKeysConnectionId =>
        IsServer && !RetrySourceConnectionId.IsEmpty ? RetrySourceConnectionId : OriginalDestinationConnectionId;

    /// <summary>Client only: see <see cref="ClientConnectionOptions.EarlyDataHold"/>.</summary>
    public TimeSpan EarlyDataHold { get; init; }

    /// <summary>Exactly one of the two, matching <see cref="IsServer"/>. Its TransportParameters are replaced by ours.</summary>
    public TlsClientOptions? TlsClient { get; init; }

    public TlsServerOptions? TlsServer { get; init; }

    /// <summary>
    /// The endpoint's stateless reset token generator: tokens of the IDs we issue in
    /// NEW_CONNECTION_ID come from it (RFC 9000 §10.3.2); null: random tokens.
    /// </summary>
    public StatelessResetTokenGenerator? ResetTokens { get; init; }

    /// <summary>
    /// Most of our connection IDs the peer holds at once, the handshake one included (RFC 9000
    /// §5.1.1); the peer's active_connection_id_limit may lower it. 1 issues none. Default 4.
    /// </summary>
    public int MaxLocalConnectionIds { get; init; } = 4;

    /// <summary>
    /// Receives ConnectionEstablished, StreamAccepted (peer streams), StreamOpened for streams a
    /// write opened implicitly, DatagramFrameReceived, ConnectionTerminated and ConnectionClosed; may be null.
    /// </summary>
    public IActorRef? Owner { get; init; }

    internal void Validate()
    {
        if (IsServer ? TlsServer is null : TlsClient is null)
            throw new ArgumentException(IsServer ? "a server needs TlsServer options" : "a client needs TlsClient options");
        if (IsServer && PeerConnectionId.IsEmpty && OriginalDestinationConnectionId.IsEmpty)
            throw new ArgumentException("a server needs the client's connection IDs", nameof(PeerConnectionId));
        if (!IsServer && (!RetrySourceConnectionId.IsEmpty || AddressValidated || StatelessResetToken is not null))
            throw new ArgumentException("retry, address validation and reset token options are for a server (RFC 9000 §18.2)");
        if (MaxLocalConnectionIds < 1)
            throw new ArgumentException("at least the handshake connection ID", nameof(MaxLocalConnectionIds));
        if (KeyUpdateAfterPackets == 0)
            throw new ArgumentException("a key update needs at least one packet per key phase", nameof(KeyUpdateAfterPackets));
    }
}
