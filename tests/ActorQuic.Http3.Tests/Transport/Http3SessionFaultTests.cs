using ActorQuic.Http3.Messages;
using ActorQuic.Http3.Transport;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>
/// A fault of our own while a request stream is read (here: the dispatch throws, as it did in the
/// interop stall) must reach the client as a stream error, not as silence until its idle timeout.
/// </summary>
public sealed class Http3SessionFaultTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = H3Loopback.Patience;
    private readonly ActorSystem _system = ActorSystem.Create("h3-fault", "akka.loglevel = WARNING");

    public async ValueTask DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task A_request_lost_to_our_fault_is_reset_with_H3_INTERNAL_ERROR_and_the_connection_serves_on()
    {
        var materializer = _system.Materializer();
        await using var pair = await QuicPair.ConnectAsync(_system, materializer);
        var client = await Http3ClientConnection.StartAsync(pair.Client, materializer).WaitAsync(Patience);
        int dispatched = 0;
        await Http3Session.StartAsync(await pair.Server.WaitAsync(Patience), materializer, isServer: true, (session, state, request) =>
        {
            if (Interlocked.Increment(ref dispatched) == 1) throw new InvalidOperationException("a bug in the dispatch");
            var received = new Http3ServerRequest(session, state, request);
            _ = received.RespondAsync(new Http3Response(200, [new Http3Field("content-length", "2")], 2), Source.Single(ByteString.FromString("ok")));
        }, greaseSeed: 7, CancellationToken.None).WaitAsync(Patience);

        var lost = await Assert.ThrowsAsync<IOException>(() => client.SendAsync("GET", "localhost", "/first").WaitAsync(Patience));
        Assert.Contains("error 0x102", lost.Message); // H3_INTERNAL_ERROR (RFC 9114 §8.1)

        var next = await client.SendAsync("GET", "localhost", "/second").WaitAsync(Patience);
        Assert.Equal(200, next.Status);
        Assert.Equal("ok"u8.ToArray(), await next.ReadBodyAsync().WaitAsync(Patience));
    }
}
