namespace ActorQuic.Dispatcher.Transport;

/// <summary>How <see cref="UdpDatagramTransport"/> waits for datagrams.</summary>
public enum UdpReceiveMode
{
    /// <summary>
    /// A dedicated thread blocks in <c>Socket.ReceiveFrom(Span, SocketFlags, SocketAddress)</c>.
    /// The default: it measured fastest on this machine (see load/README.md, "UDP receive path").
    /// </summary>
    SyncThread,

    /// <summary>
    /// One long-running loop awaiting <c>Socket.ReceiveFromAsync(Memory, SocketFlags, SocketAddress)</c>;
    /// holds no thread while idle, so it suits processes with many idle sockets.
    /// </summary>
    AsyncLoop,
}
