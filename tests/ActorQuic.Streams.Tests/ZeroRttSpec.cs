using System.Text;
using ActorQuic.Dispatcher.Simulation;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Streams.Tests;

/// <summary>Session resumption and 0-RTT through the public API (simulated network, 30 ms one way).</summary>
public sealed class ZeroRttSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly LinkImpairments Slow = new() { Delay = TimeSpan.FromMilliseconds(30) };

    public ZeroRttSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task A_resumed_client_writes_in_0_RTT_and_the_server_accepts_it()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 41, Slow, server => server.EnableEarlyData = true);
        var ticket = await FirstTicketAsync(pair);
        Assert.True(ticket.AllowsEarlyData);

        var options = Resuming(pair, ticket);
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        // Handed out with 0-RTT keys: the handshake needs a round trip of 60 ms more.
        Assert.False(connection.HandshakeCompleted.IsCompleted);
        Assert.Equal("echo", connection.NegotiatedApplicationProtocol.ToString());

        var echoed = await pair.EchoAsync(connection, Encoding.ASCII.GetBytes("early hello")).WaitAsync(Patience);
        Assert.Equal("early hello", Encoding.ASCII.GetString(echoed));
        Assert.True(await connection.ZeroRttAccepted.WaitAsync(Patience));
        await connection.HandshakeCompleted.WaitAsync(Patience);
        // Resumed: no certificate was sent, the chain is the one verified by the first connection.
        Assert.Equal(ticket.PeerCertificateChain, connection.RemoteCertificateChain.Select(c => c.RawData));
        var accepted = await pair.AcceptedAsync(1);
        Assert.True(await accepted.ZeroRttAccepted.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_replayed_ticket_is_refused_and_the_0_RTT_data_arrives_with_1_RTT_keys()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 42, Slow, server => server.EnableEarlyData = true);
        var ticket = await FirstTicketAsync(pair);
        var options = Resuming(pair, ticket);
        var first = await pair.ConnectAsync(options).WaitAsync(Patience);
        Assert.True(await first.ZeroRttAccepted.WaitAsync(Patience));

        // RFC 9846 §8.1: a ticket is single use; the second attempt gets a full handshake and 0-RTT is rejected.
        var second = await pair.ConnectAsync(options).WaitAsync(Patience);
        var payload = QuicPair.Payload(7, 50_000);
        var echoed = await pair.EchoAsync(second, payload).WaitAsync(Patience);
        Assert.Equal(payload, echoed);
        Assert.False(await second.ZeroRttAccepted.WaitAsync(Patience));
    }

    [Fact]
    public async Task After_a_Retry_the_0_RTT_data_is_sent_again_and_accepted()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 44, Slow, server =>
        {
            server.EnableEarlyData = true;
            server.RequireRetry = true;
        });
        var ticket = await FirstTicketAsync(pair);
        var options = Resuming(pair, ticket);
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        // RFC 9002 §6.3: the 0-RTT packets sent before the Retry count as lost and their data goes again.
        var payload = QuicPair.Payload(8, 30_000);
        Assert.Equal(payload, await pair.EchoAsync(connection, payload).WaitAsync(Patience));
        Assert.True(await connection.ZeroRttAccepted.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_held_first_flight_leaves_with_the_first_finished_request_or_when_the_hold_ends()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 45, Slow, server => server.EnableEarlyData = true);
        var options = Resuming(pair, await FirstTicketAsync(pair));
        options.EarlyDataHold = TimeSpan.FromSeconds(10);
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        // Nothing has left yet: the ClientHello waits for the request (a FIN on a bidirectional stream).
        await Task.Delay(300);
        Assert.False(connection.HandshakeCompleted.IsCompleted);
        Assert.Equal("held", Encoding.ASCII.GetString(await pair.EchoAsync(connection, "held"u8.ToArray()).WaitAsync(Patience)));
        // Well before the 10 s hold would have run out.
        await connection.HandshakeCompleted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await connection.ZeroRttAccepted.WaitAsync(Patience));

        // No request at all: the hold ends on its own.
        var idle = Resuming(pair, await FirstTicketAsync(pair));
        idle.EarlyDataHold = TimeSpan.FromMilliseconds(200);
        var waited = await pair.ConnectAsync(idle).WaitAsync(Patience);
        await waited.HandshakeCompleted.WaitAsync(Patience);
    }

    [Fact]
    public async Task Without_early_data_on_the_server_a_ticket_resumes_but_ConnectAsync_waits_for_the_handshake()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 43, Slow);
        var ticket = await FirstTicketAsync(pair);
        Assert.False(ticket.AllowsEarlyData);
        var options = Resuming(pair, ticket);
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        Assert.True(connection.HandshakeCompleted.IsCompletedSuccessfully);
        Assert.False(await connection.ZeroRttAccepted.WaitAsync(Patience));
        Assert.Equal("ok", Encoding.ASCII.GetString(await pair.EchoAsync(connection, "ok"u8.ToArray()).WaitAsync(Patience)));
    }

    [Fact]
    public void A_ticket_survives_encoding_and_garbage_is_refused()
    {
        Assert.Throws<FormatException>(() => TlsSessionTicket.Decode("AQST"u8));
        Assert.Throws<FormatException>(() => TlsSessionTicket.Decode(new byte[200]));
    }

    private static QuicClientOptions Resuming(QuicPair pair, TlsSessionTicket ticket)
    {
        var options = pair.ClientOptions();
        options.SessionTicket = ticket;
        options.EnableEarlyData = true;
        return options;
    }

    /// <summary>Connects once, waits for the server's ticket, closes, and returns the ticket (round-tripped through its encoding).</summary>
    private static async Task<TlsSessionTicket> FirstTicketAsync(QuicPair pair)
    {
        var received = new TaskCompletionSource<TlsSessionTicket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = pair.ClientOptions();
        options.SessionTicketReceived = t => received.TrySetResult(t);
        var connection = await pair.ConnectAsync(options).WaitAsync(Patience);
        var ticket = await received.Task.WaitAsync(Patience);
        Assert.False(await connection.ZeroRttAccepted.WaitAsync(Patience));
        await connection.CloseAsync(0).WaitAsync(Patience);
        var copy = TlsSessionTicket.Decode(ticket.Encode());
        Assert.Equal(ticket.Ticket, copy.Ticket);
        Assert.Equal(ticket.AllowsEarlyData, copy.AllowsEarlyData);
        Assert.Equal(ticket.Alpn, copy.Alpn);
        Assert.Equal(ticket.PeerTransportParameters, copy.PeerTransportParameters);
        Assert.Equal(ticket.ReceivedAt.ToUnixTimeMilliseconds(), copy.ReceivedAt.ToUnixTimeMilliseconds());
        return copy;
    }
}
