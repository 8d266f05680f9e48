using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Dispatcher.Simulation;
using Akka.Actor;

namespace ActorQuic.Streams.Tests;

/// <summary>The endpoint's actors, Retry, cancellation and disposal.</summary>
public sealed class EndpointLifecycleSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public EndpointLifecycleSpec(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
    }

    [Fact]
    public async Task The_endpoint_lives_at_user_quic_endpoint_port_and_disposal_stops_it()
    {
        var network = new SimulatedNetwork(Sys.Scheduler, 31);
        var endpoint = QuicEndpoint.Bind(Sys, new QuicEndpointOptions { Transport = network.AddEndpoint(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 7000)) });
        var twin = QuicEndpoint.Bind(Sys, new QuicEndpointOptions { Transport = network.AddEndpoint(new IPEndPoint(IPAddress.Parse("10.0.0.6"), 7000)) });
        Assert.Equal("/user/quic/endpoint-7000", endpoint.EndpointActor.Path.ToStringWithoutAddress());
        Assert.Equal("/user/quic/endpoint-7000-2", twin.EndpointActor.Path.ToStringWithoutAddress());
        Watch(endpoint.EndpointActor);
        await endpoint.DisposeAsync();
        ExpectTerminated(endpoint.EndpointActor);
        await twin.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => endpoint.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 1), new QuicClientOptions()));
    }

    [Fact]
    public async Task RequireRetry_validates_the_address_with_a_Retry_and_the_connection_then_works()
    {
        // RFC 9000 §8.1.2: the server answers the first Initial with a Retry; the client follows it
        // (§17.2.5.2) and the connection then carries data.
        await using var pair = QuicPair.Simulated(Sys, seed: 32, configure: server => server.RequireRetry = true);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        pair.Server.EndpointActor.Tell(GetEndpointStatistics.Instance, TestActor);
        Assert.True(ExpectMsg<EndpointStatisticsReport>().RetriesSent >= 1);
        byte[] payload = QuicPair.Payload(5, 64 * 1024);
        Assert.Equal(payload, await pair.EchoAsync(connection, payload).WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelling_a_connect_fails_it_with_OperationCanceled()
    {
        await using var pair = QuicPair.Simulated(Sys, seed: 33);
        using var cancellation = new CancellationTokenSource();
        var attempt = pair.Client.ConnectAsync(new IPEndPoint(IPAddress.Parse("10.0.0.99"), 4433), pair.ClientOptions(), cancellation.Token);
        await Task.Delay(100);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt.WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposing_the_client_endpoint_ends_its_connections()
    {
        var pair = QuicPair.Simulated(Sys, seed: 34);
        var connection = await pair.ConnectAsync().WaitAsync(Patience);
        await pair.Client.DisposeAsync();
        var info = await connection.Closed.WaitAsync(Patience);
        Assert.NotNull(info);
        await Assert.ThrowsAsync<System.Net.Quic.QuicException>(() => connection.OpenBidirectionalStreamAsync());
        await pair.Server.DisposeAsync();
    }
}
