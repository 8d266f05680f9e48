using System.Net;
using System.Net.Quic;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Connection;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams.Tests;

/// <summary>Our endpoint against our endpoint through the public API, over the in-memory simulated network.</summary>
public sealed class EndToEndSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public EndToEndSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task Echo_over_a_bidirectional_stream_with_connection_facts_on_both_sides()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 1);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        byte[] echoed = await pair.EchoAsync(connection, "hello"u8.ToArray()).WaitAsync(Patience);
        Assert.Equal("hello"u8.ToArray(), echoed);

        Assert.Equal(QuicPair.Echo, connection.NegotiatedApplicationProtocol);
        using var serverCertificate = X509Certificate2.CreateFromPem(pair.Certificate.CertificatePem);
        Assert.Equal(serverCertificate.Thumbprint, Assert.Single(connection.RemoteCertificateChain).Thumbprint);
        Assert.Equal(QuicPair.ServerAddress, connection.RemoteEndPoint);
        Assert.Equal(QuicPair.ClientAddress, connection.LocalEndPoint);
        Assert.False(connection.IsServer);

        var accepted = Assert.Single(pair.Accepted);
        Assert.True(accepted.IsServer);
        Assert.Equal(QuicPair.ClientAddress, accepted.RemoteEndPoint);
        Assert.Equal(QuicPair.ServerAddress, accepted.LocalEndPoint);
        Assert.Equal(QuicPair.Echo, accepted.NegotiatedApplicationProtocol);
        Assert.Empty(accepted.RemoteCertificateChain);
    }

    [Fact]
    public async Task One_megabyte_each_way()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 2);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        byte[] data = QuicPair.Payload(2, 1024 * 1024);
        Assert.Equal(data, await pair.EchoAsync(connection, data).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_hundred_concurrent_streams_of_100_KB()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 3);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        var payloads = Enumerable.Range(0, 100).Select(i => QuicPair.Payload(100 + i, 100 * 1024)).ToArray();
        var echoes = await Task.WhenAll(payloads.Select(p => pair.EchoAsync(connection, p))).WaitAsync(TimeSpan.FromSeconds(60));
        for (int i = 0; i < payloads.Length; i++) Assert.Equal(payloads[i], echoes[i]);
    }

    [Fact]
    public async Task A_slow_reader_on_one_stream_does_not_stall_another()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 4);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);

        // Stream A: 16 MiB out, but its echo is not read: the echo server's writer fills our stream
        // window (4 MiB) and its own write window (1 MiB) and stops; then the server stops reading A,
        // its receive window (4 MiB) fills and our writer stops too. Those windows hold ~9 MiB, so A
        // cannot finish before it is drained. (With 8 MiB it could: the test then raced stream B.)
        var slow = await connection.OpenBidirectionalStreamAsync();
        byte[] big = QuicPair.Payload(40, 16 * 1024 * 1024);
        var bigChunks = Enumerable.Range(0, big.Length / 65536).Select(i => ByteString.FromBytes(big, i * 65536, 65536)).ToList();
        var slowWritten = Source.From(bigChunks).RunWith(slow.Outgoing, pair.Materializer);
        var slowReader = slow.Incoming.RunWith(new ManualSink<ByteString>(), pair.Materializer);
        slowReader.Request();
        var first = slowReader.Next(Patience);

        // Stream B flows meanwhile.
        byte[] data = QuicPair.Payload(41, 1024 * 1024);
        Assert.Equal(data, await pair.EchoAsync(connection, data).WaitAsync(Patience));
        Assert.False(slowWritten.IsCompleted, "stream A is back-pressured by its unread echo");

        // Drain A: everything comes back, in order.
        var rest = await Task.Run(() => slowReader.RequestUntilComplete(Patience)).WaitAsync(Patience);
        await slowWritten.WaitAsync(Patience);
        var back = new MemoryStream();
        first.WriteTo(back);
        foreach (var element in rest) element.WriteTo(back);
        Assert.Equal(big, back.ToArray());
    }

    [Fact]
    public async Task Close_reports_the_code_on_both_sides()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 5);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        Assert.Equal("x"u8.ToArray(), await pair.EchoAsync(connection, "x"u8.ToArray()).WaitAsync(Patience));
        var accepted = Assert.Single(pair.Accepted);

        var local = await connection.CloseAsync(7, "bye").WaitAsync(Patience);
        Assert.Equal(new QuicCloseInfo(CloseSource.Local, true, 7, "bye"), local);
        var remote = await accepted.Closed.WaitAsync(Patience);
        Assert.Equal(new QuicCloseInfo(CloseSource.Peer, true, 7, "bye"), remote);

        var error = await Assert.ThrowsAsync<QuicException>(() => connection.OpenBidirectionalStreamAsync());
        Assert.Equal(QuicError.ConnectionAborted, error.QuicError);
        Assert.Equal(7, error.ApplicationErrorCode);
    }

    [Fact]
    public async Task Connect_to_nobody_fails_within_the_handshake_timeout()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 6);
        var options = pair.ClientOptions();
        options.HandshakeTimeout = TimeSpan.FromSeconds(1);
        var attempt = pair.Client.ConnectAsync(new IPEndPoint(IPAddress.Parse("10.0.0.99"), 4433), options);
        var error = await Assert.ThrowsAsync<QuicException>(() => attempt.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(QuicError.ConnectionTimeout, error.QuicError);
    }
}
