using System.Net;
using ActorQuic.ConnectionActors;
using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>Everything a client connection agent needs for one ConnectAsync.</summary>
internal sealed record ClientConnectionRequest(
    IPEndPoint Remote,
    Func<IActorRef, ClientConnectionOptions> Options,
    TimeSpan HandshakeTimeout,
    QuicStreamSettings StreamSettings,
    long DefaultCloseErrorCode,
    TaskCompletionSource<QuicConnection> Completion,
    CancellationToken CancellationToken,
    Action<ActorQuic.Protocol.Tls.TlsSessionTicket>? SessionTicketReceived = null);
