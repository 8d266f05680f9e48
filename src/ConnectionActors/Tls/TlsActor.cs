using ActorQuic.Dispatcher.Actors;
using System.Buffers;
using System.Text;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Tls;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// The TLS 1.3 handshake (RFC 9001 §4), a shell around <see cref="TlsClient"/> or
/// <see cref="TlsServer"/>. CRYPTO data arrives in any order and is put in order per level
/// with <see cref="ReassemblyBuffer.ForCrypto"/>; the engine's events go out as messages:
/// handshake bytes and write keys to the sender, read keys to the receiver, transport
/// parameters and completion to the connection. A <see cref="TlsAlertException"/> escapes to
/// supervision, which closes the connection with CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8).
/// </summary>
public sealed class TlsActor : ReceiveActor
{
    private readonly TlsEngine _engine;
    private readonly ConnectionClock _clock;
    private IActorRef _sender = ActorRefs.Nobody;
    private IActorRef _receiver = ActorRefs.Nobody;
    private IActorRef _resender = ActorRefs.Nobody;
    private readonly ReassemblyBuffer?[] _crypto = new ReassemblyBuffer?[4];
    private string _alpn = string.Empty;

    public TlsActor(TlsEngine engine, ConnectionClock clock)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _clock = clock;
        Receive<ConnectionChildren>(c =>
        {
            _sender = c.Sender;
            _receiver = c.Receiver;
            _resender = c.Resender;
        });
        Receive<StartHandshake>(OnStart);
        Receive<CryptoReceived>(OnCrypto);
        Receive<DiscardKeys>(m =>
        {
            // RFC 9000 §13.3: data of a discarded level is never needed again.
            _crypto[(int)m.Level]?.Dispose();
            _crypto[(int)m.Level] = null;
        });
    }

    /// <param name="engine">A <see cref="TlsClient"/> or <see cref="TlsServer"/>, owned by the actor from now on.</param>
    public static Props Props(TlsEngine engine, ConnectionClock clock) =>
        FactoryProps.Of(() => new TlsActor(engine, clock));

    protected override void PostStop()
    {
        foreach (var buffer in _crypto) buffer?.Dispose();
    }

    private void OnStart(StartHandshake start)
    {
        if (_engine is not TlsClient client) throw new InvalidOperationException("only a client starts the handshake");
        client.Start(_clock.WallNow);
        // Before the ClientHello reaches the sender: the hold must be in place when it would flush.
        if (client.EarlyDataOffered && start.EarlyDataHold > TimeSpan.Zero) _sender.Tell(new HoldFirstFlight(start.EarlyDataHold));
        DrainEvents();
    }

    private void OnCrypto(CryptoReceived crypto)
    {
        if (crypto.Level == EncryptionLevel.ZeroRtt)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation, "CRYPTO in 0-RTT (RFC 9000 §12.4)", 0x06);
        // Discarded level: a late retransmission, nothing to do (RFC 9001 §4.9).
        if (_engine.ReadLevel > crypto.Level && _crypto[(int)crypto.Level] is null && crypto.Level != EncryptionLevel.OneRtt)
            return;
        var buffer = _crypto[(int)crypto.Level] ??= ReassemblyBuffer.ForCrypto();
        buffer.Write(crypto.Offset, crypto.Data);
        if (buffer.ReadableBytes > 0)
        {
            // Rented per batch rather than a 4 KiB field: CRYPTO data is rare after the handshake,
            // and a field stayed alive for every idle connection.
            byte[] scratch = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (buffer.ReadableBytes > 0)
                {
                    int n = buffer.Read(scratch);
                    _engine.HandleCryptoData(crypto.Level, scratch.AsSpan(0, n), _clock.WallNow);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        DrainEvents();
    }

    private void DrainEvents()
    {
        while (_engine.TryDequeueEvent(out var tlsEvent))
        {
            switch (tlsEvent)
            {
                case TlsHandshakeDataEvent data:
                    _sender.Tell(new WriteCrypto(data.Level, data.Data));
                    break;
                case TlsKeyInstalledEvent { Direction: TlsKeyDirection.Write } key:
                    _sender.Tell(new InstallWriteKeys(key.Level, key.CipherSuite, key.Secret));
                    Context.Parent.Tell(new KeysAvailable(key.Level));
                    break;
                case TlsKeyInstalledEvent key:
                    _receiver.Tell(new InstallReadKeys(key.Level, key.CipherSuite, key.Secret));
                    Context.Parent.Tell(new KeysAvailable(key.Level));
                    break;
                case TlsPeerTransportParametersEvent parameters:
                    Context.Parent.Tell(new PeerTransportParametersReceived(parameters.Parameters));
                    break;
                case TlsAlpnNegotiatedEvent alpn:
                    _alpn = Encoding.ASCII.GetString(alpn.Protocol.Protocol.Span);
                    break;
                case TlsEarlyDataEvent early:
                    // Told here, before the 1-RTT keys below reach the sender, so recovery forgets
                    // only 0-RTT packets (RFC 9002 §6.4), never a 1-RTT one sent meanwhile.
                    if (!early.Accepted && _engine is TlsClient) _resender.Tell(ZeroRttRejected.Instance);
                    Context.Parent.Tell(new TlsEarlyDataDecided(early.Accepted));
                    break;
                case TlsSessionTicketEvent ticket:
                    Context.Parent.Tell(new SessionTicketReceived(ticket.Ticket));
                    break;
                case TlsHandshakeCompletedEvent:
                    _receiver.Tell(EnableOneRtt.Instance);
                    Context.Parent.Tell(new TlsHandshakeCompleted(_alpn, _engine.PeerCertificates));
                    break;
            }
        }
    }
}
