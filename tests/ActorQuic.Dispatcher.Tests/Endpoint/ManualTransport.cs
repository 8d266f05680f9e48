using System.Collections.Concurrent;
using System.Net;
using ActorQuic.Dispatcher.Transport;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>
/// A transport the test drives by hand: <see cref="Inject"/> calls the sink as a socket thread
/// would, and <see cref="Send"/> can be made to block so the endpoint actor is provably busy.
/// </summary>
internal sealed class ManualTransport(IPEndPoint local) : IDatagramTransport
{
    private IDatagramSink? _sink;

    public EndPoint LocalEndPoint { get; } = local;

    /// <summary>When set, the endpoint's intake holds datagrams until <see cref="InjectIdle"/>, as with a real socket.</summary>
    public bool SignalsReceiveIdle { get; init; }

    /// <summary>While reset, Send blocks (the endpoint's thread is held inside it).</summary>
    public ManualResetEventSlim SendGate { get; } = new(initialState: true);

    /// <summary>Released once each time Send is entered.</summary>
    public SemaphoreSlim SendEntered { get; } = new(0);

    public ConcurrentQueue<(byte[] Data, EndPoint Remote)> Sent { get; } = new();

    public bool IsDisposed { get; private set; }

    public bool Send(ReadOnlySpan<byte> datagram, EndPoint remote)
    {
        SendEntered.Release();
        SendGate.Wait();
        if (IsDisposed)
            return false;
        Sent.Enqueue((datagram.ToArray(), remote));
        return true;
    }

    /// <summary>Set once the endpoint started the transport (its PreStart ran).</summary>
    public ManualResetEventSlim Started { get; } = new(initialState: false);

    public void Start(IDatagramSink sink)
    {
        _sink = sink;
        Started.Set();
    }

    public void Inject(byte[] datagram, EndPoint remote) =>
        (_sink ?? throw new InvalidOperationException("not started")).OnDatagram(datagram, remote);

    /// <summary>Tells the sink that nothing more is waiting, as the UDP transport does after a drain.</summary>
    public void InjectIdle() => (_sink ?? throw new InvalidOperationException("not started")).OnReceiveIdle();

    public void Dispose()
    {
        IsDisposed = true;
        SendGate.Set();
    }
}
