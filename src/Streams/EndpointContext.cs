using System.Net;
using System.Threading.Channels;
using Akka.Actor;

namespace ActorQuic.Streams;

/// <summary>What the agents of one endpoint share: its actor, its address, the server role's settings and where accepted connections go.</summary>
internal sealed class EndpointContext
{
    private readonly Channel<QuicConnection> _accepted = Channel.CreateUnbounded<QuicConnection>(new UnboundedChannelOptions());

    public EndpointContext(EndPoint localEndPoint, QuicStreamSettings streamSettings, long defaultCloseErrorCode, int datagramBufferCapacity)
    {
        LocalEndPoint = localEndPoint;
        StreamSettings = streamSettings;
        DefaultCloseErrorCode = defaultCloseErrorCode;
        DatagramBufferCapacity = datagramBufferCapacity;
    }

    /// <summary>The EndpointActor; set once it exists (before any agent starts).</summary>
    public IActorRef Endpoint { get; set; } = ActorRefs.Nobody;

    public EndPoint LocalEndPoint { get; }

    public QuicStreamSettings StreamSettings { get; }

    public long DefaultCloseErrorCode { get; }

    public int DatagramBufferCapacity { get; }

    public ChannelReader<QuicConnection> Accepted => _accepted.Reader;

    public void Announce(QuicConnection connection)
    {
        // Not read: nobody accepts, so the connection is closed right away rather than left hanging.
        if (!_accepted.Writer.TryWrite(connection)) _ = connection.CloseAsync(DefaultCloseErrorCode, "not accepted");
    }

    public void CompleteAccepted() => _accepted.Writer.TryComplete();
}
