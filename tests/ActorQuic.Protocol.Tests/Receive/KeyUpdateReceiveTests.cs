using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>1-RTT key update on the read side (RFC 9001 §6) and the AEAD integrity limit (§6.6).</summary>
public class KeyUpdateReceiveTests
{
    /// <summary>A client-side receiver past the handshake, and the server's write keys for generations 0, 1, 2.</summary>
    private static (PacketReceiver Receiver, PacketProtection[] Gen) Established(PacketReceiverOptions? options = null)
    {
        var receiver = new PacketReceiver(options ?? ClientOptions());
        var (send, recv) = KeyPair(11);
        receiver.InstallKeys(EncryptionLevel.OneRtt, recv);
        receiver.OnHandshakeCompleted();
        var gen1 = send.NextGeneration();
        var gen2 = gen1.NextGeneration();
        return (receiver, [send, gen1, gen2]);
    }

    private static byte[] Packet(PacketProtection[] gen, int generation, ulong pn) =>
        Short(gen[generation], pn, Encode(Ping()), keyPhase: (generation & 1) == 1);

    [Fact]
    public void Peer_initiated_update_rotates_keys_and_old_phase_packets_still_open_with_previous_keys()
    {
        var (receiver, gen) = Established();
        var rec = new Recording();
        foreach (ulong pn in new ulong[] { 0, 1, 4 })
            Assert.Null(receiver.Receive(Packet(gen, 0, pn), Ms(pn), rec).PeerKeyUpdate);

        var update = receiver.Receive(Packet(gen, 1, 5), Ms(10), rec);

        Assert.Equal(1, update.PacketsProcessed);
        Assert.Equal(new PeerKeyUpdateDetected(1, true, 5), update.PeerKeyUpdate);
        Assert.Equal(1UL, receiver.OneRttKeyGeneration);
        Assert.True(receiver.HasPreviousOneRttKeys);
        Assert.Equal(Ms(10) + receiver.PreviousKeyRetention, receiver.KeyDiscardDeadline); // RFC 9001 §6.5

        // Delayed packets from before the update open with the previous keys; no new event.
        var late = receiver.Receive(Packet(gen, 0, 3), Ms(11), rec);
        Assert.Equal(1, late.PacketsProcessed);
        Assert.Null(late.PeerKeyUpdate);
        Assert.Equal(0UL, rec.Packets[^1].KeyGeneration);
        // New-phase packets open with the (new) current keys.
        var next = receiver.Receive(Packet(gen, 1, 6), Ms(12), rec);
        Assert.Equal(1, next.PacketsProcessed);
        Assert.Null(next.PeerKeyUpdate);
        Assert.Equal(1UL, rec.Packets[^1].KeyGeneration);
        Assert.Equal([0UL, 1, 4, 5, 3, 6], rec.Packets.Select(p => p.PacketNumber));
        Assert.Equal(0UL, receiver.AuthenticationFailures);
    }

    [Fact]
    public void Previous_keys_are_discarded_after_the_retention_period()
    {
        var (receiver, gen) = Established();
        receiver.PreviousKeyRetention = Ms(300);
        var rec = new Recording();
        receiver.Receive(Packet(gen, 0, 0), Ms(0), rec);
        receiver.Receive(Packet(gen, 1, 5), Ms(100), rec);
        Assert.Equal(Ms(400), receiver.KeyDiscardDeadline);
        Assert.False(receiver.DiscardExpiredKeys(Ms(399)));
        Assert.True(receiver.HasPreviousOneRttKeys);

        // Receive itself honours the deadline: the old-phase packet is now undecryptable.
        var late = receiver.Receive(Packet(gen, 0, 2), Ms(400), rec);

        Assert.False(receiver.HasPreviousOneRttKeys);
        Assert.Null(receiver.KeyDiscardDeadline);
        Assert.Equal(1, late.DroppedUndecryptable);
        Assert.Equal(1UL, receiver.AuthenticationFailures);
    }

    [Fact]
    public void Consecutive_peer_updates_rotate_again_and_keep_one_previous_generation()
    {
        var (receiver, gen) = Established();
        var rec = new Recording();
        receiver.Receive(Packet(gen, 0, 0), Ms(0), rec);
        Assert.Equal(1UL, receiver.Receive(Packet(gen, 1, 5), Ms(1), rec).PeerKeyUpdate!.Value.Generation);
        var second = receiver.Receive(Packet(gen, 2, 8), Ms(2), rec);
        Assert.Equal(new PeerKeyUpdateDetected(2, false, 8), second.PeerKeyUpdate);
        Assert.Equal(2UL, receiver.OneRttKeyGeneration);

        // Generation 1 is now the previous one: a delayed packet below 8 still opens with it.
        Assert.Equal(1, receiver.Receive(Packet(gen, 1, 6), Ms(3), rec).PacketsProcessed);
        Assert.Equal(1UL, rec.Packets[^1].KeyGeneration);
        // Generation 0 is gone; its phase bit now means generation 2, which does not open it.
        Assert.Equal(1, receiver.Receive(Packet(gen, 0, 4), Ms(4), rec).DroppedUndecryptable);
    }

    [Fact]
    public void Newer_keys_on_a_lower_packet_number_are_a_key_update_error()
    {
        var (receiver, gen) = Established();
        var rec = new Recording();
        receiver.Receive(Packet(gen, 0, 0), Ms(0), rec);
        receiver.Receive(Packet(gen, 0, 10), Ms(1), rec);

        // Packet 5 with the next keys: the peer protected packet 10 with older keys than packet 5 (RFC 9001 §6.4).
        var ex = Assert.Throws<QuicProtocolException>(() => receiver.Receive(Packet(gen, 1, 5), Ms(2), rec));

        Assert.Equal(TransportErrorCode.KeyUpdateError, ex.ErrorCode);
        Assert.Equal(0UL, receiver.OneRttKeyGeneration);
    }

    [Fact]
    public void Forged_key_phase_flip_is_dropped_and_keeps_the_current_keys()
    {
        var (receiver, gen) = Established();
        var rec = new Recording();
        receiver.Receive(Packet(gen, 0, 0), Ms(0), rec);
        var (stranger, _) = KeyPair(1234);

        var forged = receiver.Receive(Short(stranger, 1, Encode(Ping()), keyPhase: true), Ms(1), rec);

        Assert.Equal(1, forged.DroppedUndecryptable);
        Assert.Null(forged.PeerKeyUpdate);
        Assert.Equal(0UL, receiver.OneRttKeyGeneration);
        Assert.Equal(1, receiver.Receive(Packet(gen, 0, 1), Ms(2), rec).PacketsProcessed);
        // The real update still works afterwards: the precomputed next keys were kept (RFC 9001 §6.3).
        Assert.NotNull(receiver.Receive(Packet(gen, 1, 2), Ms(3), rec).PeerKeyUpdate);
    }

    [Fact]
    public void Local_update_expects_the_new_phase_and_keeps_previous_keys_until_a_new_phase_packet()
    {
        var (receiver, gen) = Established();
        receiver.PreviousKeyRetention = Ms(50);
        var rec = new Recording();
        receiver.Receive(Packet(gen, 0, 0), Ms(0), rec);

        receiver.OnLocalKeyUpdateInitiated();

        Assert.Equal(1UL, receiver.OneRttKeyGeneration);
        Assert.True(receiver.HasPreviousOneRttKeys);
        Assert.Null(receiver.KeyDiscardDeadline); // RFC 9001 §6.1: kept until a new-key packet arrives
        // The peer has not seen our update yet: its old-phase packets, even higher-numbered, open.
        var old = receiver.Receive(Packet(gen, 0, 1), Ms(1000), rec);
        Assert.Equal(1, old.PacketsProcessed);
        Assert.True(receiver.HasPreviousOneRttKeys);

        // The peer responds in the new phase: no event (we started it), retention clock starts.
        var answer = receiver.Receive(Packet(gen, 1, 2), Ms(1001), rec);
        Assert.Equal(1, answer.PacketsProcessed);
        Assert.Null(answer.PeerKeyUpdate);
        Assert.Equal(1UL, rec.Packets[^1].KeyGeneration);
        Assert.Equal(Ms(1051), receiver.KeyDiscardDeadline);

        // An old-phase packet numbered above the first new-phase one cannot use old keys (RFC 9001 §6.5).
        Assert.Equal(1, receiver.Receive(Packet(gen, 0, 3), Ms(1002), rec).DroppedUndecryptable);
        receiver.DiscardPreviousKeys();
        Assert.False(receiver.HasPreviousOneRttKeys);
    }

    [Fact]
    public void Local_update_requires_one_rtt_keys_and_a_complete_handshake()
    {
        var receiver = new PacketReceiver(ClientOptions());
        Assert.Throws<InvalidOperationException>(receiver.OnLocalKeyUpdateInitiated);
        receiver.InstallKeys(EncryptionLevel.OneRtt, KeyPair(1).Receive);
        Assert.Throws<InvalidOperationException>(receiver.OnLocalKeyUpdateInitiated);
        receiver.OnHandshakeCompleted();
        receiver.OnLocalKeyUpdateInitiated();
        Assert.Equal(1UL, receiver.OneRttKeyGeneration);
    }

    [Fact]
    public void Exceeding_the_integrity_limit_is_aead_limit_reached_and_stops_processing()
    {
        var options = ClientOptions();
        options.IntegrityLimit = 3;
        var (receiver, gen) = Established(options);
        var (stranger, _) = KeyPair(77);
        var rec = new Recording();
        for (ulong pn = 0; pn < 3; pn++)
            Assert.Equal(1, receiver.Receive(Short(stranger, pn, Encode(Ping())), Ms(pn), rec).DroppedUndecryptable);
        Assert.Equal(3UL, receiver.AuthenticationFailures);
        Assert.False(receiver.AeadLimitReached);

        var ex = Assert.Throws<QuicProtocolException>(() => receiver.Receive(Short(stranger, 3, Encode(Ping())), Ms(3), rec));

        Assert.Equal(TransportErrorCode.AeadLimitReached, ex.ErrorCode);
        Assert.True(receiver.AeadLimitReached);
        // RFC 9001 §6.6: "not process any more packets", not even valid ones.
        var after = receiver.Receive(Packet(gen, 0, 4), Ms(4), rec);
        Assert.Equal(0, after.PacketsProcessed);
        Assert.Empty(rec.Packets);
    }

    [Fact]
    public void Integrity_limit_defaults_to_the_smallest_installed_suite()
    {
        var receiver = new PacketReceiver(ServerOptions());
        Assert.Equal(ulong.MaxValue, receiver.IntegrityLimit);
        receiver.InstallKeys(EncryptionLevel.Initial, InitialPair(fromClient: true).Receive);
        Assert.Equal(AeadLimits.AesGcmIntegrityLimit, receiver.IntegrityLimit);
        receiver.InstallKeys(EncryptionLevel.Handshake, KeyPair(1, CipherSuite.ChaCha20Poly1305Sha256).Receive);
        Assert.Equal(AeadLimits.ChaCha20Poly1305IntegrityLimit, receiver.IntegrityLimit);
    }

    [Fact]
    public void Failures_at_every_level_count_toward_one_limit()
    {
        var options = ServerOptions();
        options.IntegrityLimit = 1;
        var receiver = new PacketReceiver(options);
        receiver.InstallKeys(EncryptionLevel.Initial, InitialPair(fromClient: true).Receive);
        receiver.InstallKeys(EncryptionLevel.Handshake, KeyPair(2).Receive);
        var (stranger, _) = KeyPair(3);
        var rec = new Recording();
        receiver.Receive(Long(stranger, PacketType.Handshake, 0, Encode(Ping()), dcid: ServerCid), Ms(0), rec);
        var (badInitial, _) = KeyPair(4);
        var ex = Assert.Throws<QuicProtocolException>(() =>
            receiver.Receive(Long(badInitial, PacketType.Initial, 0, Encode(Ping()), dcid: ServerCid), Ms(1), rec));
        Assert.Equal(TransportErrorCode.AeadLimitReached, ex.ErrorCode);
    }
}
