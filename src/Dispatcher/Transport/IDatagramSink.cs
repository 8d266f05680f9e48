using System.Net;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// Receives datagrams from an <see cref="IDatagramTransport"/>. The buffer is only valid for the
/// duration of the call: a sink that keeps the bytes copies them (into a pooled buffer).
/// </summary>
public interface IDatagramSink
{
    void OnDatagram(ReadOnlySpan<byte> datagram, EndPoint remote);

    /// <summary>
    /// The transport found nothing more waiting on its socket after the datagrams it just passed
    /// on (only called by transports whose <see cref="IDatagramTransport.SignalsReceiveIdle"/> is
    /// true). A sink that holds datagrams to hand them on together hands them on now.
    /// </summary>
    void OnReceiveIdle()
    {
    }
}
