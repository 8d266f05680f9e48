using System.Net;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// What the dispatcher needs from the network: send a datagram to an address, and have
/// received datagrams delivered. Implemented by a real UDP socket and by the in-process
/// network simulator, so every layer above runs unchanged on either.
/// </summary>
public interface IDatagramTransport : IDisposable
{
    /// <summary>The bound local address.</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram; never blocks on the network. Returns false when it was dropped locally.</summary>
    bool Send(ReadOnlySpan<byte> datagram, EndPoint remote);

    /// <summary>Starts delivering received datagrams to <paramref name="sink"/>. Called once.</summary>
    void Start(IDatagramSink sink);
}
