using ActorQuic.Protocol;
using ActorQuic.Protocol.Qlog;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// qlog on the write side: the <see cref="Protocol.Send.PacketAssembler"/> logs each packet as
/// it seals it (packet_sent with its frames), and the sender logs its write keys (our own
/// secrets) as TLS installs them and as 1-RTT key updates replace them. Off until <see cref="AttachQlog"/>.
/// </summary>
public sealed partial class SenderActor
{
    private QlogWriter? _qlog;

    private void QlogHandlers() => Receive<AttachQlog>(m =>
    {
        _qlog = new QlogWriter(m.Trace);
        _assembler.Qlog = _qlog;
    });

    /// <summary>Write keys from TLS: our own secrets.</summary>
    private void QlogWriteKeys(EncryptionLevel level) =>
        _qlog?.KeyUpdated(_clock.Now, level, serverSecret: _isServer, QlogKeyUpdateTrigger.Tls, level == EncryptionLevel.OneRtt ? 0UL : null);

    /// <summary>The 1-RTT write keys moved to <see cref="_writeGeneration"/> (RFC 9001 §6.1, §6.2).</summary>
    private void QlogWriteKeyUpdate(bool local) =>
        _qlog?.KeyUpdated(_clock.Now, EncryptionLevel.OneRtt, serverSecret: _isServer,
            local ? QlogKeyUpdateTrigger.LocalUpdate : QlogKeyUpdateTrigger.RemoteUpdate, _writeGeneration);
}
