using System.Net.Security;
using ActorQuic.ConnectionActors;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>The tls actor's message contract, with probes in place of its siblings.</summary>
public sealed class TlsActorSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly SslApplicationProtocol HqInterop = new("hq-interop"u8.ToArray());

    private static Action<Span<byte>> Seeded(int seed)
    {
        var rng = new Random(seed);
        return span => rng.NextBytes(span);
    }

    [Fact]
    public void A_ClientHello_in_CryptoReceived_yields_the_ServerHello_and_Handshake_keys()
    {
        var now = DateTimeOffset.UtcNow;
        var dev = TlsDevelopmentCertificate.Create(now);
        var client = new TlsClient(new TlsClientOptions
        {
            ServerName = "localhost",
            ApplicationProtocols = { HqInterop },
            InsecureSkipCertificateValidation = true,
            TransportParameters = new TransportParameters { InitialSourceConnectionId = ConnectionId.FromHex("0102030405060708") }.ToArray(),
            Random = Seeded(1),
        });
        client.Start(now);
        var clientHello = client.DrainEvents().OfType<TlsHandshakeDataEvent>().Single();
        Assert.Equal(EncryptionLevel.Initial, clientHello.Level);

        var server = new TlsServer(new TlsServerOptions
        {
            Certificate = TlsCertificate.FromPem(dev.CertificatePem, dev.PrivateKeyPem),
            ApplicationProtocols = { HqInterop },
            TransportParameters = new TransportParameters
            {
                InitialSourceConnectionId = ConnectionId.FromHex("1112131415161718"),
                OriginalDestinationConnectionId = ConnectionId.FromHex("2122232425262728"),
            }.ToArray(),
            Random = Seeded(2),
        });
        var sender = CreateTestProbe();
        var receiver = CreateTestProbe();
        var tls = Sys.ActorOf(TlsActor.Props(server, new ConnectionClock(Sys.Scheduler)));
        tls.Tell(new ConnectionChildren(ActorRefs.Nobody, receiver.Ref, tls, sender.Ref, ActorRefs.Nobody));

        // Delivered in two pieces, out of order: the actor reassembles before TLS sees it.
        int half = clientHello.Data.Length / 2;
        tls.Tell(new CryptoReceived(EncryptionLevel.Initial, (ulong)half, clientHello.Data[half..]));
        sender.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        tls.Tell(new CryptoReceived(EncryptionLevel.Initial, 0, clientHello.Data[..half]));

        var serverHello = sender.ExpectMsg<WriteCrypto>();
        Assert.Equal(EncryptionLevel.Initial, serverHello.Level);
        Assert.NotEmpty(serverHello.Data);
        var handshakeWrite = (InstallWriteKeys)sender.FishForMessage(m => m is InstallWriteKeys { Level: EncryptionLevel.Handshake });
        Assert.Equal(32, handshakeWrite.Secret.Length);
        var handshakeRead = receiver.ExpectMsg<InstallReadKeys>();
        Assert.Equal(EncryptionLevel.Handshake, handshakeRead.Level);
        Assert.Equal(handshakeWrite.Suite, handshakeRead.Suite);
        Assert.NotEqual(handshakeWrite.Secret, handshakeRead.Secret);

        // The client engine accepts what the actor produced: the flight is real TLS.
        client.HandleCryptoData(EncryptionLevel.Initial, serverHello.Data, now);
        Assert.Equal(EncryptionLevel.Handshake, client.ReadLevel);
    }
}
