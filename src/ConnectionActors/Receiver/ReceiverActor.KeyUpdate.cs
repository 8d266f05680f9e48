using ActorQuic.Protocol.Receive;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>1-RTT key updates on the read side (RFC 9001 §6): the <see cref="PacketReceiver"/> decrypts the next phase itself.</summary>
public sealed partial class ReceiverActor
{
    private void KeyUpdateHandlers() => Receive<LocalKeyUpdateInitiated>(m =>
    {
        // A peer-initiated update may have brought the read keys to that generation already (both started at once).
        if (_receiver.OneRttKeyGeneration is { } generation && generation < m.Generation)
        {
            _receiver.OnLocalKeyUpdateInitiated();
            QlogReadKeyUpdate(m.Generation, local: true);
        }
    });

    /// <summary>Before the datagram's AckReady: the sender must switch its write keys before acknowledging (RFC 9001 §6.2).</summary>
    private void ReportPeerKeyUpdate(in DatagramReceiveResult result)
    {
        if (result.PeerKeyUpdate is not { } update) return;
        _sender.Tell(new PeerKeyUpdated(update.Generation));
        QlogReadKeyUpdate(update.Generation, local: false);
    }
}
