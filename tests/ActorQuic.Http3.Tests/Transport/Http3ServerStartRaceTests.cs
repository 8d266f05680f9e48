using ActorQuic.Http3.Messages;
using ActorQuic.Http3.Transport;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>
/// Http3ServerConnection.StartAsync against a client whose request is already waiting at the
/// server when the session starts accepting streams (gtlsclient sends its request in the first
/// 1-RTT flight, 0-RTT even earlier). The interop stall: under CPU load the request was
/// dispatched before StartAsync had published the session, the dispatch threw, and the client
/// waited for its idle timeout.
/// </summary>
public sealed class Http3ServerStartRaceTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = H3Loopback.Patience;
    private readonly ActorSystem _system = ActorSystem.Create("h3-start-race", "akka.loglevel = WARNING");

    public async ValueTask DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task A_request_dispatched_while_StartAsync_has_not_returned_reaches_the_handler()
    {
        var materializer = _system.Materializer();
        await using var pair = await QuicPair.ConnectAsync(_system, materializer);
        var client = await Http3ClientConnection.StartAsync(pair.Client, materializer).WaitAsync(Patience);
        // The request leaves now, before the server side has any HTTP/3 session.
        var response = client.SendAsync("GET", "localhost", "/early");
        var serverQuic = await pair.Server.WaitAsync(Patience);

        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new HoldingMaterializer(materializer, handled.Task, TimeSpan.FromSeconds(10));
        var started = Http3ServerConnection.StartAsync(serverQuic, holding, request =>
        {
            handled.TrySetResult();
            return request.RespondAsync(new Http3Response(200, [new Http3Field("content-length", "5")], 5),
                Source.Single(ByteString.FromString("early")));
        });

        var answer = await response.WaitAsync(Patience);
        Assert.True(holding.Held, "StartAsync no longer materializes its accept loop through the given materializer: the hold did not happen");
        Assert.Equal(200, answer.Status);
        Assert.Equal("early"u8.ToArray(), await answer.ReadBodyAsync().WaitAsync(Patience));
        await started.WaitAsync(Patience);
    }
}
