using System.Net;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// Receives datagrams from an <see cref="IDatagramTransport"/>. The buffer is only valid for the
/// duration of the call: a sink that keeps the bytes copies them (into a pooled buffer).
/// </summary>
public interface IDatagramSink
{
    void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote);
}
