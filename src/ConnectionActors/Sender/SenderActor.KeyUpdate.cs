using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Recovery;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// 1-RTT key updates (RFC 9001 §6): answering the peer's (§6.2) and initiating our own (§6.1),
/// on request (<see cref="InitiateKeyUpdate"/>), every <see cref="ConnectionOptions.KeyUpdateAfterPackets"/>
/// packets, and before the AEAD confidentiality limit of the keys is reached (§6.6).
/// </summary>
public sealed partial class SenderActor
{
    private ulong _writeGeneration;
    private bool _handshakeConfirmed;
    private bool _keyUpdateRequested;
    private ulong? _keyUpdateAfterPackets;
    private ulong _confidentialityLimit = ulong.MaxValue;
    private int _keyUpdatesInitiated;
    private int _keyUpdatesAnswered;

    private void KeyUpdateHandlers()
    {
        Receive<ConfigureKeyUpdate>(m => _keyUpdateAfterPackets = m.AfterPackets);
        Receive<HandshakeConfirmed>(_ => Work(() => _handshakeConfirmed = true));
        Receive<InitiateKeyUpdate>(_ => Work(() => _keyUpdateRequested = true));
        Receive<PeerKeyUpdated>(OnPeerKeyUpdated);
        Receive<GetKeyUpdateStatus>(_ => Sender.Tell(new KeyUpdateStatus(_writeGeneration, _keyUpdatesInitiated, _keyUpdatesAnswered)));
    }

    /// <summary>The AEAD limit of the negotiated suite (RFC 9001 §6.6), noted when the 1-RTT keys arrive.</summary>
    private void OnOneRttWriteKeys(CipherSuite suite) => _confidentialityLimit = AeadLimits.GetConfidentialityLimit(suite);

    /// <summary>RFC 9001 §6.2: the peer updated; our write keys MUST follow before we acknowledge its packet.</summary>
    private void OnPeerKeyUpdated(PeerKeyUpdated update)
    {
        if (update.Generation <= _writeGeneration || !_assembler.HasKeys(EncryptionLevel.OneRtt)) return;
        // The receiver rotates one generation per packet that opens with the next keys.
        while (_writeGeneration < update.Generation)
        {
            _assembler.UpdateKeys();
            _writeGeneration++;
        }
        _keyUpdatesAnswered++;
        QlogWriteKeyUpdate(local: false);
    }

    /// <summary>
    /// Called before each burst. RFC 9001 §6.1: not before the handshake is confirmed, and not
    /// again until a packet protected with the current keys was acknowledged (also §6.5).
    /// </summary>
    private void MaybeInitiateKeyUpdate()
    {
        if (!_handshakeConfirmed || _stopped || !_assembler.HasKeys(EncryptionLevel.OneRtt)) return;
        ulong sent = _assembler.PacketsProtectedWithCurrentKeys;
        bool due = _keyUpdateRequested
            || (_keyUpdateAfterPackets is { } after && sent >= after)
            // §6.6: update before the confidentiality limit; a margin of 1/8 leaves room for the packets in flight.
            || sent >= _confidentialityLimit - (_confidentialityLimit >> 3);
        if (!due) return;
        if (_assembler.GetLargestAcknowledged(PacketNumberSpace.ApplicationData) is not { } acked
            || acked < _assembler.KeyPhaseStartPacketNumber) return;
        _assembler.UpdateKeys();
        _writeGeneration++;
        _keyUpdatesInitiated++;
        _keyUpdateRequested = false;
        QlogWriteKeyUpdate(local: true);
        _receiver.Tell(new LocalKeyUpdateInitiated(_writeGeneration));
    }
}
