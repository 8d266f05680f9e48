using ActorQuic.Protocol.Tls;
using TestPki = ActorQuic.Protocol.Tests.Tls.TestPki;
using TlsPair = ActorQuic.Protocol.Tests.Tls.TlsPair;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Without OpenSSL: after an in-memory handshake, the client engine is handed a NewSessionTicket
/// like the ones s_server -early_data sends (max_early_data_size 16384). QUIC allows only 0xffffffff
/// there (RFC 9001 §4.6.1), so in QUIC mode that ticket fails the connection; in TLS-over-TCP mode
/// (<see cref="InteropTlsOptions.UseTlsOverTcp"/>) it is kept, but without 0-RTT.
/// </summary>
public sealed class TicketEarlyDataLimitTests
{
    private const uint QuicEarlyDataSentinel = 0xffffffff;

    [Fact]
    public void Quic_mode_rejects_a_ticket_with_another_early_data_limit()
    {
        TlsClient client = ConnectedClient(tlsOverTcp: false);
        var e = Assert.Throws<TlsAlertException>(
            () => client.HandleCryptoData(EncryptionLevel.OneRtt, NewSessionTicket(16384), TestNow));
        Assert.Equal(AlertDescription.IllegalParameter, e.Alert);
        Assert.Equal(TransportErrorCode.ProtocolViolation, e.ErrorCode); // RFC 9001 §4.6.1
        Assert.False(client.TryDequeueEvent(out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_modes_take_a_ticket_with_the_quic_early_data_sentinel(bool tlsOverTcp)
    {
        TlsSessionTicket ticket = ReceiveTicket(ConnectedClient(tlsOverTcp), NewSessionTicket(QuicEarlyDataSentinel));
        Assert.True(ticket.AllowsEarlyData);
    }

    [Theory]
    [InlineData(16384u, false)] // s_server -early_data's limit: resumable only
    [InlineData(QuicEarlyDataSentinel, true)] // the control: the same path does offer 0-RTT
    public void Tls_over_tcp_mode_resumes_with_the_ticket_and_offers_0rtt_only_for_the_sentinel(uint maxEarlyDataSize,
        bool offersEarlyData)
    {
        TlsSessionTicket ticket = ReceiveTicket(ConnectedClient(tlsOverTcp: true), NewSessionTicket(maxEarlyDataSize));
        Assert.Equal(offersEarlyData, ticket.AllowsEarlyData);
        Assert.Equal(TicketIdentity, ticket.Ticket);
        Assert.Equal(3600u, ticket.LifetimeSeconds);

        TlsClientOptions options = TlsPair.ClientOptions(seed: 42);
        InteropTlsOptions.UseTlsOverTcp(options);
        options.SessionTicket = ticket;
        options.EnableEarlyData = true; // asked for; the ticket decides
        var client = new TlsClient(options);
        client.Start(TestNow.AddSeconds(1));
        Assert.Equal(offersEarlyData, client.EarlyDataOffered);
        byte[]? clientHello = null;
        bool zeroRttKey = false;
        while (client.TryDequeueEvent(out TlsEvent? e))
        {
            if (e is TlsHandshakeDataEvent { Level: EncryptionLevel.Initial } data) clientHello = data.Data;
            zeroRttKey |= e is TlsKeyInstalledEvent { Level: EncryptionLevel.ZeroRtt };
        }
        Assert.Equal(offersEarlyData, zeroRttKey);
        // The ticket is offered as the pre_shared_key identity (RFC 9846 §4.2.11) either way.
        Assert.NotNull(clientHello);
        Assert.True(clientHello.AsSpan().IndexOf(TicketIdentity) > 0, "ClientHello does not carry the ticket");
    }

    private static readonly DateTimeOffset TestNow = TestPki.Now;
    private static readonly byte[] TicketIdentity = [0x71, 0x72, 0x73, 0x74];

    private static TlsClient ConnectedClient(bool tlsOverTcp)
    {
        TlsClientOptions clientOptions = TlsPair.ClientOptions();
        TlsServerOptions serverOptions = TlsPair.ServerOptions();
        if (tlsOverTcp)
        {
            InteropTlsOptions.UseTlsOverTcp(clientOptions);
            InteropTlsOptions.UseTlsOverTcp(serverOptions);
        }
        var pair = new TlsPair(clientOptions, serverOptions) { Now = TestNow };
        Assert.True(pair.Run(), pair.Failure?.Message);
        // The server has no ticket key, so the only ticket the client sees is the one we inject.
        Assert.DoesNotContain(pair.ClientEvents, e => e is TlsSessionTicketEvent);
        return pair.Client;
    }

    private static TlsSessionTicket ReceiveTicket(TlsClient client, byte[] newSessionTicket)
    {
        client.HandleCryptoData(EncryptionLevel.OneRtt, newSessionTicket, TestNow);
        TlsSessionTicket? ticket = null;
        while (client.TryDequeueEvent(out TlsEvent? e))
            if (e is TlsSessionTicketEvent t)
                ticket = t.Ticket;
        return Assert.IsType<TlsSessionTicket>(ticket);
    }

    /// <summary>A NewSessionTicket (RFC 9846 §4.6.1) with an early_data extension, encoded by hand as a peer would.</summary>
    private static byte[] NewSessionTicket(uint maxEarlyDataSize)
    {
        byte[] m =
        [
            4, 0, 0, 0, // msg_type new_session_ticket, 24-bit length patched below
            0x00, 0x00, 0x0e, 0x10, // ticket_lifetime 3600 s
            0x01, 0x02, 0x03, 0x04, // ticket_age_add
            1, 0x00, // ticket_nonce<0..255>
            0x00, (byte)TicketIdentity.Length, .. TicketIdentity, // ticket<1..2^16-1>
            0x00, 0x08, // extensions<0..2^16-2>
            0x00, 0x2a, 0x00, 0x04, // early_data (42), 4 bytes
            (byte)(maxEarlyDataSize >> 24), (byte)(maxEarlyDataSize >> 16), (byte)(maxEarlyDataSize >> 8), (byte)maxEarlyDataSize,
        ];
        m[3] = (byte)(m.Length - 4);
        return m;
    }
}
