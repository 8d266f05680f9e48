using ActorQuic.Protocol;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Receive;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// qlog on the read side: packets received (with their frames) through a
/// <see cref="QlogPacketHandler{TInner}"/> around the usual handler, packets dropped or stashed
/// by the <see cref="PacketReceiver"/>, and read keys (the peer's secrets). Off until
/// <see cref="AttachQlog"/>; then the only cost on the untraced path is a null check per datagram.
/// </summary>
public sealed partial class ReceiverActor
{
    private QlogWriter? _qlog;

    private void QlogHandlers() => Receive<AttachQlog>(m =>
    {
        _qlog = new QlogWriter(m.Trace);
        _receiver.Qlog = _qlog;
    });

    private DatagramReceiveResult ReceiveTraced(Memory<byte> datagram, TimeSpan now, ReceiverFrameHandler handler)
    {
        var traced = new QlogPacketHandler<ReceiverFrameHandler>(handler, _qlog!, now);
        return _receiver.Receive(datagram, now, ref traced);
    }

    private DatagramReceiveResult ReplayTraced(TimeSpan now, ReceiverFrameHandler handler)
    {
        var traced = new QlogPacketHandler<ReceiverFrameHandler>(handler, _qlog!, now);
        return _receiver.ReplayStashed(now, ref traced);
    }

    /// <summary>Read keys from TLS. They are the peer's secrets: a server reads with the client's.</summary>
    private void QlogReadKeys(EncryptionLevel level) =>
        _qlog?.KeyUpdated(_clock.Now, level, serverSecret: !_isServer, QlogKeyUpdateTrigger.Tls, level == EncryptionLevel.OneRtt ? 0UL : null);

    /// <summary>The 1-RTT read keys moved to <paramref name="generation"/> (RFC 9001 §6).</summary>
    private void QlogReadKeyUpdate(ulong generation, bool local) =>
        _qlog?.KeyUpdated(_clock.Now, EncryptionLevel.OneRtt, serverSecret: !_isServer,
            local ? QlogKeyUpdateTrigger.LocalUpdate : QlogKeyUpdateTrigger.RemoteUpdate, generation);
}
