using System.Net;
using ActorQuic.ConnectionActors;
using ActorQuic.Dispatcher.Transport;
using Akka.Actor;

namespace ActorQuic.ConnectionActors.Tests;

/// <summary>
/// The endpoint's job reduced to a test: copy each datagram and tell it to the connection. The
/// server side creates its connection from the first datagram (<paramref name="create"/>).
/// </summary>
public sealed class ForwardingSink(Func<byte[], IPEndPoint, IActorRef> create) : IDatagramSink
{
    private IActorRef? _connection;

    public int Forwarded { get; private set; }

    public IActorRef? Connection => _connection;

    public static ForwardingSink To(IActorRef connection) => new((_, _) => connection);

    public void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        var copy = datagram.ToArray();
        var from = (IPEndPoint)remote;
        _connection ??= create(copy, from);
        Forwarded++;
        _connection.Tell(new DatagramReceived(copy, copy.Length, from));
    }
}
