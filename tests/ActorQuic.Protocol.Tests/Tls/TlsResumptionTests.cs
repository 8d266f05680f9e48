using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

public class TlsResumptionTests
{
    private static readonly byte[] TicketKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static TlsServerOptions Server(bool earlyData = true, TlsAntiReplayCache? cache = null)
    {
        var s = TlsPair.ServerOptions();
        s.SessionTicketKey = TicketKey;
        s.EnableEarlyData = earlyData;
        if (cache != null) s.AntiReplayCache = cache;
        return s;
    }

    private static TlsSessionTicket FirstTicket(TlsServerOptions server, TlsClientOptions? client = null)
    {
        var pair = new TlsPair(client ?? TlsPair.ClientOptions(), server);
        pair.Server.TicketApplicationData = [42];
        Assert.True(pair.Run(), pair.Failure?.Message);
        var ticket = Assert.Single(pair.ClientEvents.OfType<TlsSessionTicketEvent>()).Ticket;
        Assert.Equal(new byte[] { 0x0a, 0x0b }, ticket.PeerTransportParameters);
        Assert.Equal(TlsPair.H3, ticket.Alpn);
        // The ticket travels at the 1-RTT level (RFC 9001 §4.1.3).
        Assert.Contains(pair.Deliveries, d => !d.ToServer && d.Level == EncryptionLevel.OneRtt);
        return ticket;
    }

    [Fact]
    public void Resumption_skips_certificates()
    {
        var server = Server(earlyData: false);
        var ticket = FirstTicket(server);
        Assert.False(ticket.AllowsEarlyData);
        var client = TlsPair.ClientOptions(3);
        client.SessionTicket = ticket;
        var pair = new TlsPair(client, server) { Now = TestPki.Now.AddMinutes(5) };
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Client.IsResumed);
        Assert.True(pair.Server.IsResumed);
        // No Certificate message was sent (RFC 9846 §2.2); the chain is the one verified when the session began.
        Assert.Equal(ticket.PeerCertificateChain, pair.Client.PeerCertificates.Select(c => c.RawData));
        Assert.NotEmpty(ticket.PeerCertificateChain);
        Assert.Equal(new byte[] { 42 }, pair.Server.ResumedApplicationData);
        pair.AssertMatchingKeys();
        Assert.DoesNotContain(pair.ClientEvents, e => e is TlsEarlyDataEvent);
        // A resumed connection issues a fresh ticket too.
        Assert.Single(pair.ClientEvents.OfType<TlsSessionTicketEvent>());
    }

    [Fact]
    public void Zero_rtt_accepted()
    {
        var server = Server();
        var ticket = FirstTicket(server);
        Assert.True(ticket.AllowsEarlyData);
        var client = TlsPair.ClientOptions(4);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, server) { Now = TestPki.Now.AddSeconds(30) };
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Client.EarlyDataOffered);
        Assert.True(pair.Client.EarlyDataAccepted);
        Assert.True(pair.Server.EarlyDataAccepted);
        pair.AssertMatchingKeys(zeroRtt: true);
        Assert.Contains(pair.ClientEvents, e => e is TlsEarlyDataEvent { Accepted: true });
        Assert.Contains(pair.ServerEvents, e => e is TlsEarlyDataEvent { Accepted: true });
        // 0-RTT write keys come right after the ClientHello, before any server input (RFC 9001 §4.1.4).
        Assert.IsType<TlsKeyInstalledEvent>(pair.ClientEvents[1]);
        Assert.Equal(ticket.CipherSuite, ((TlsKeyInstalledEvent)pair.ClientEvents[1]).CipherSuite);
    }

    [Fact]
    public void Zero_rtt_rejected_by_server_configuration()
    {
        var ticket = FirstTicket(Server());
        var client = TlsPair.ClientOptions(4);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, Server(earlyData: false)) { Now = TestPki.Now.AddSeconds(30) };
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Client.IsResumed);
        Assert.False(pair.Client.EarlyDataAccepted);
        Assert.Contains(pair.ClientEvents, e => e is TlsEarlyDataEvent { Accepted: false });
        Assert.Null(TlsPair.Secret(pair.ServerEvents, EncryptionLevel.ZeroRtt, TlsKeyDirection.Read));
        Assert.Contains(pair.ClientEvents, e => e is TlsHandshakeCompletedEvent { EarlyDataAccepted: false, Resumed: true });
    }

    [Fact]
    public void Zero_rtt_rejected_by_the_quic_layer_validator()
    {
        var server = Server();
        var ticket = FirstTicket(server);
        byte[]? seen = null;
        server.EarlyDataValidator = data => { seen = data; return false; };
        var client = TlsPair.ClientOptions(4);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.False(pair.Client.EarlyDataAccepted);
        Assert.Equal(new byte[] { 42 }, seen);
    }

    [Fact]
    public void Zero_rtt_rejected_after_hello_retry_request()
    {
        var server = Server();
        var ticket = FirstTicket(server);
        server.Groups = [NamedGroup.Secp256r1];
        var client = TlsPair.ClientOptions(4);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Client.UsedHelloRetryRequest);
        Assert.True(pair.Client.IsResumed); // the PSK survives the HRR, with a new binder
        Assert.False(pair.Client.EarlyDataAccepted);
        Assert.Contains(pair.ClientEvents, e => e is TlsEarlyDataEvent { Accepted: false });
    }

    [Fact]
    public void Zero_rtt_rejected_for_a_stale_ticket_age()
    {
        var server = Server();
        var ticket = FirstTicket(server);
        var client = TlsPair.ClientOptions(4);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, server);
        // The client computes its age at an earlier time than the server sees: skew beyond 10 s.
        pair.Client.Start(TestPki.Now);
        var ch = ((TlsHandshakeDataEvent)pair.Client.DrainEvents()[0]).Data;
        pair.Server.HandleCryptoData(EncryptionLevel.Initial, ch, TestPki.Now.AddMinutes(2));
        Assert.True(pair.Server.IsResumed);
        Assert.False(pair.Server.EarlyDataAccepted);
    }

    [Fact]
    public void Tickets_are_single_use()
    {
        var server = Server();
        var ticket = FirstTicket(server);
        var client = TlsPair.ClientOptions(6);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        Assert.True(new TlsPair(client, server).Run());
        var replay = new TlsPair(client, server);
        Assert.True(replay.Run(), replay.Failure?.Message);
        Assert.False(replay.Server.IsResumed);
        Assert.False(replay.Client.EarlyDataAccepted);
        Assert.Single(replay.Client.PeerCertificates); // full handshake
    }

    [Fact]
    public void Bounded_replay_cache_refuses_when_full()
    {
        var cache = new TlsAntiReplayCache(1);
        var server = Server(cache: cache);
        var t1 = FirstTicket(server);
        var t2 = FirstTicket(server);
        var c1 = TlsPair.ClientOptions(7);
        c1.SessionTicket = t1;
        var p1 = new TlsPair(c1, server);
        Assert.True(p1.Run());
        Assert.True(p1.Server.IsResumed);
        var c2 = TlsPair.ClientOptions(8);
        c2.SessionTicket = t2;
        var p2 = new TlsPair(c2, server);
        Assert.True(p2.Run());
        Assert.False(p2.Server.IsResumed);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Ticket_from_another_key_falls_back_to_full_handshake()
    {
        var ticket = FirstTicket(Server());
        var other = Server();
        other.SessionTicketKey = new byte[32];
        var client = TlsPair.ClientOptions(9);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, other);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.False(pair.Client.IsResumed);
        Assert.Contains(pair.ClientEvents, e => e is TlsEarlyDataEvent { Accepted: false });
    }

    [Fact]
    public void Expired_ticket_is_not_offered()
    {
        var ticket = FirstTicket(Server());
        var client = TlsPair.ClientOptions(9);
        client.SessionTicket = ticket;
        var pair = new TlsPair(client, Server()) { Now = TestPki.Now.AddDays(2) };
        pair.Run();
        Assert.False(pair.Client.IsResumed);
    }

    [Fact]
    public void Resumption_with_aes256_suite()
    {
        var server = Server();
        server.CipherSuites = [CipherSuite.Aes256GcmSha384];
        var ticket = FirstTicket(server);
        Assert.Equal(CipherSuite.Aes256GcmSha384, ticket.CipherSuite);
        var client = TlsPair.ClientOptions(10);
        client.SessionTicket = ticket;
        client.EnableEarlyData = true;
        var pair = new TlsPair(client, server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Server.EarlyDataAccepted);
        pair.AssertMatchingKeys(zeroRtt: true);
    }

    [Fact]
    public void Rotated_ticket_key_still_resumes()
    {
        var ticket = FirstTicket(Server());
        var rotated = Server();
        rotated.SessionTicketKey = Enumerable.Repeat((byte)9, 32).ToArray();
        rotated.PreviousSessionTicketKeys = [TicketKey];
        var client = TlsPair.ClientOptions(11);
        client.SessionTicket = ticket;
        var pair = new TlsPair(client, rotated);
        Assert.True(pair.Run(), pair.Failure?.Message);
        Assert.True(pair.Server.IsResumed);
    }
}
