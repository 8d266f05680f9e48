using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Processing of coalesced packets, duplicates, reserved bits, corruption and frame errors.</summary>
public class PacketReceiverTests
{
    private static readonly byte[] Hello = "client hello bytes"u8.ToArray();
    private static readonly byte[] Finished = "finished!"u8.ToArray();

    /// <summary>A server receiver with Initial, Handshake and 1-RTT read keys, handshake complete; returns the client's write keys.</summary>
    private static (PacketReceiver Receiver, PacketProtectionSet Client) Server(bool handshakeComplete = true)
    {
        var receiver = new PacketReceiver(ServerOptions());
        var client = new PacketProtectionSet();
        var (initSend, initRecv) = InitialPair(fromClient: true);
        var (hsSend, hsRecv) = KeyPair(2);
        var (appSend, appRecv) = KeyPair(3);
        client.Initial = initSend;
        client.Handshake = hsSend;
        client.OneRtt = appSend;
        receiver.InstallKeys(EncryptionLevel.Initial, initRecv);
        receiver.InstallKeys(EncryptionLevel.Handshake, hsRecv);
        receiver.InstallKeys(EncryptionLevel.OneRtt, appRecv);
        if (handshakeComplete) receiver.OnHandshakeCompleted();
        return (receiver, client);
    }

    private static byte[] ClientInitial(PacketProtectionSet client, ulong pn, byte[] payload) =>
        Long(client.Initial!, PacketType.Initial, pn, payload, dcid: ServerCid, scid: ClientCid);

    private static byte[] ClientHandshake(PacketProtectionSet client, ulong pn, byte[] payload) =>
        Long(client.Handshake!, PacketType.Handshake, pn, payload, dcid: ServerCid, scid: ClientCid);

    private static byte[] ClientShort(PacketProtectionSet client, ulong pn, byte[] payload) =>
        Short(client.OneRtt!, pn, payload, dcid: ServerCid);

    [Fact]
    public void Coalesced_initial_handshake_and_one_rtt_are_all_processed_in_order()
    {
        var (receiver, client) = Server();
        var datagram = Concat(
            ClientInitial(client, 0, Encode(CryptoData(0, Hello), Padding(20))),
            ClientHandshake(client, 0, Encode(CryptoData(0, Finished))),
            ClientShort(client, 0, Encode(Stream(0, 0, "GET /"u8.ToArray(), fin: true))));
        var rec = new Recording();

        var result = receiver.Receive(datagram, Ms(10), rec);

        Assert.Equal(3, result.PacketsProcessed);
        Assert.Equal(0, result.PacketsDropped);
        Assert.Equal(datagram.Length, result.DatagramLength);
        Assert.Equal(EncryptionLevels.Initial | EncryptionLevels.Handshake | EncryptionLevels.OneRtt, result.ProcessedLevels);
        Assert.True(result.HasProcessed(EncryptionLevel.Handshake));
        Assert.True(result.AckElicitingReceived);
        Assert.False(result.IsStatelessResetCandidate);
        Assert.Equal(
            ["start Initial 0", "crypto Initial 0 18", "padding", "end Initial 0 ack-eliciting",
             "start Handshake 0", "crypto Handshake 0 9", "end Handshake 0 ack-eliciting",
             "start OneRtt 0", "stream 0 0 5", "end OneRtt 0 ack-eliciting"],
            rec.Events);
        Assert.Equal(Hello, rec.Crypto[0].Data);
        Assert.Equal(Finished, rec.Crypto[1].Data);
        Assert.Equal(EncryptionLevel.Handshake, rec.Crypto[1].Level);
        Assert.Equal("GET /"u8.ToArray(), rec.Streams[0].Data);
        // The long headers carry the client's CID as SCID; the short header has none.
        Assert.Equal(ClientCid, rec.Packets[0].SourceConnectionId.ToArray());
        Assert.Equal(ServerCid, rec.Packets[2].DestinationConnectionId.ToArray());
        Assert.True(rec.Packets[2].SourceConnectionId.IsEmpty);
        foreach (var space in new[] { PacketNumberSpace.Initial, PacketNumberSpace.Handshake, PacketNumberSpace.ApplicationData })
        {
            Assert.Equal([new AckRange(0, 0)], receiver.AckRanges(space, Ms(10)));
            Assert.Equal(0, receiver.GetLargestProcessed(space));
        }
    }

    [Fact]
    public void Duplicates_are_dropped_without_frames_and_not_acknowledged_again()
    {
        var (receiver, client) = Server();
        var datagram = ClientShort(client, 7, Encode(Ping()));
        var rec = new Recording();
        Assert.Equal(1, receiver.Receive(datagram, Ms(1), rec).PacketsProcessed);
        Assert.Equal(7UL, receiver.OnAckSent(PacketNumberSpace.ApplicationData));
        rec.Clear();

        var again = receiver.Receive(datagram, Ms(2), rec);

        Assert.Equal(0, again.PacketsProcessed);
        Assert.Equal(1, again.DroppedDuplicate);
        Assert.Empty(rec.Events);
        var tracker = receiver.GetAckTracker(PacketNumberSpace.ApplicationData);
        Assert.False(tracker.AckPending);
        Assert.Null(tracker.AckDeadline);
        Assert.Equal(0UL, receiver.AuthenticationFailures); // never decrypted
        Assert.True(again.IsStatelessResetCandidate); // nothing usable in it: the caller may compare tokens
    }

    [Fact]
    public void Duplicate_in_the_same_datagram_is_dropped()
    {
        var (receiver, client) = Server();
        var packet = ClientHandshake(client, 3, Encode(Ping()));
        var rec = new Recording();
        var result = receiver.Receive(Concat(packet, packet), Ms(1), rec);
        Assert.Equal(1, result.PacketsProcessed);
        Assert.Equal(1, result.DroppedDuplicate);
        Assert.Equal(["start Handshake 3", "ping", "padding", "end Handshake 3 ack-eliciting"], rec.Events);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x08)]
    public void Reserved_bits_in_an_authenticated_long_header_are_a_protocol_violation(byte bits)
    {
        var (receiver, client) = Server();
        var packet = Long(client.Handshake!, PacketType.Handshake, 0, Encode(Ping()), dcid: ServerCid, scid: ClientCid, reservedBits: bits);
        var ex = Assert.Throws<QuicProtocolException>(() => receiver.Receive(packet, Ms(1), new Recording()));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.True(receiver.GetAckTracker(PacketNumberSpace.Handshake).Ranges.IsEmpty);
    }

    [Theory]
    [InlineData(0x08)]
    [InlineData(0x10)]
    public void Reserved_bits_in_an_authenticated_short_header_are_a_protocol_violation(byte bits)
    {
        var (receiver, client) = Server();
        var packet = Short(client.OneRtt!, 0, Encode(Ping()), dcid: ServerCid, reservedBits: bits);
        var ex = Assert.Throws<QuicProtocolException>(() => receiver.Receive(packet, Ms(1), new Recording()));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
    }

    [Fact]
    public void Reserved_bits_in_a_packet_that_fails_authentication_are_not_an_error()
    {
        var (receiver, _) = Server();
        var (otherKeys, _) = KeyPair(99);
        var forged = Short(otherKeys, 0, Encode(Ping()), dcid: ServerCid, reservedBits: 0x18);
        var result = receiver.Receive(forged, Ms(1), new Recording());
        Assert.Equal(1, result.DroppedUndecryptable);
        Assert.Equal(1UL, receiver.AuthenticationFailures);
    }

    [Fact]
    public void Corrupted_packet_is_dropped_and_counted_without_affecting_the_next_one()
    {
        var (receiver, client) = Server();
        var initial = ClientInitial(client, 0, Encode(CryptoData(0, Hello)));
        initial[^20] ^= 0x01; // a payload byte
        var handshake = ClientHandshake(client, 0, Encode(CryptoData(0, Finished)));
        var rec = new Recording();

        var result = receiver.Receive(Concat(initial, handshake), Ms(1), rec);

        Assert.Equal(1, result.DroppedUndecryptable);
        Assert.Equal(1, result.PacketsProcessed);
        Assert.Equal(EncryptionLevels.Handshake, result.ProcessedLevels);
        Assert.Equal(1UL, receiver.AuthenticationFailures);
        Assert.Equal(Finished, Assert.Single(rec.Crypto).Data);
        Assert.True(receiver.GetAckTracker(PacketNumberSpace.Initial).Ranges.IsEmpty);
        // The corrupted Initial's number was not consumed: the intact packet is still accepted.
        Assert.Equal(1, receiver.Receive(ClientInitial(client, 0, Encode(CryptoData(0, Hello))), Ms(2), rec).PacketsProcessed);
    }

    [Fact]
    public void Frame_errors_propagate_and_the_packet_is_not_acknowledged()
    {
        var (receiver, client) = Server();
        // STREAM is not allowed in Initial packets (RFC 9000 §12.4, Table 3).
        var packet = ClientInitial(client, 0, Encode(Stream(0, 0, [1, 2, 3])));
        var ex = Assert.Throws<QuicProtocolException>(() => receiver.Receive(packet, Ms(1), new Recording()));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.True(receiver.GetAckTracker(PacketNumberSpace.Initial).Ranges.IsEmpty);
    }

    [Fact]
    public void Discarded_keys_drop_their_level_and_its_acks()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        receiver.Receive(ClientInitial(client, 0, Encode(CryptoData(0, Hello))), Ms(1), rec);
        Assert.True(receiver.IsAckDue(PacketNumberSpace.Initial, Ms(1)));

        receiver.DiscardKeys(EncryptionLevel.Initial);
        var result = receiver.Receive(Concat(
            ClientInitial(client, 1, Encode(Ping())),
            ClientHandshake(client, 0, Encode(Ping()))), Ms(2), rec);

        Assert.Equal(1, result.DroppedNoKeys);
        Assert.Equal(EncryptionLevels.Handshake, result.ProcessedLevels);
        Assert.False(receiver.IsAckDue(PacketNumberSpace.Initial, Ms(2)));
        Assert.False(receiver.TryBuildAck(PacketNumberSpace.Initial, Ms(2), new AckRange[4], out _, out _));
        Assert.Equal(Ms(2), receiver.AckDeadline); // only the Handshake ACK is owed
        Assert.Throws<InvalidOperationException>(() => receiver.InstallKeys(EncryptionLevel.Initial, KeyPair(5).Receive));
    }

    [Fact]
    public void Client_discards_zero_rtt_and_server_initials_with_a_token()
    {
        var receiver = new PacketReceiver(ClientOptions());
        var (initSend, initRecv) = InitialPair(fromClient: false);
        var (zeroSend, zeroRecv) = KeyPair(4);
        receiver.InstallKeys(EncryptionLevel.Initial, initRecv);
        receiver.InstallKeys(EncryptionLevel.ZeroRtt, zeroRecv); // misuse: a client never reads 0-RTT
        var rec = new Recording();

        var zeroRtt = receiver.Receive(Long(zeroSend, PacketType.ZeroRtt, 0, Encode(Ping())), Ms(1), rec);
        var withToken = receiver.Receive(Long(initSend, PacketType.Initial, 0, Encode(Ping()), token: [1, 2, 3]), Ms(1), rec);

        Assert.Equal(1, zeroRtt.DroppedNoKeys);   // RFC 9001 §5.6
        Assert.Equal(1, withToken.DroppedMalformed); // RFC 9000 §17.2.2
        Assert.Empty(rec.Events);
        Assert.Equal(1, receiver.Receive(Long(initSend, PacketType.Initial, 0, Encode(Ping())), Ms(2), rec).PacketsProcessed);
    }

    [Fact]
    public void Long_header_of_the_other_version_is_dropped()
    {
        var (receiver, _) = Server();
        var (v2Keys, _) = KeyPair(2, version: QuicVersion.V2);
        var result = receiver.Receive(Long(v2Keys, PacketType.Handshake, 0, Encode(Ping()), dcid: ServerCid), Ms(1), new Recording());
        Assert.Equal(1, result.DroppedMalformed);
        Assert.Equal(0UL, receiver.AuthenticationFailures);
    }

    [Fact]
    public void Packets_with_a_foreign_dcid_after_the_first_are_skipped()
    {
        var (receiver, client) = Server();
        var result = receiver.Receive(Concat(
            ClientInitial(client, 0, Encode(Ping())),
            Long(client.Handshake!, PacketType.Handshake, 0, Encode(Ping()), dcid: [9, 9, 9, 9, 9, 9, 9, 9])), Ms(1), new Recording());
        Assert.Equal(1, result.PacketsProcessed);
        Assert.Equal(1, result.DroppedMalformed); // RFC 9000 §12.2
    }

    [Fact]
    public void Undecryptable_datagram_is_a_stateless_reset_candidate_with_its_trailing_bytes()
    {
        var (receiver, _) = Server();
        var reset = new byte[43];
        new Random(7).NextBytes(reset);
        reset[0] = (byte)(0x40 | (reset[0] & 0x3f)); // looks like a short header (RFC 9000 §10.3)

        var result = receiver.Receive(reset, Ms(1), new Recording());

        Assert.True(result.IsStatelessResetCandidate);
        Assert.Equal(new StatelessResetToken(reset.AsSpan(^16)), result.TrailingToken);
        Assert.Equal(0, result.PacketsProcessed);
        Assert.False(receiver.Receive(new byte[20], Ms(1), new Recording()).IsStatelessResetCandidate); // below 21 bytes
    }

    [Fact]
    public void Packet_number_is_decoded_against_the_largest_processed()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        receiver.Receive(ClientShort(client, 1000, Encode(Ping())), Ms(1), rec);
        // 1-byte encoding of 1001 is 0xe9; only the window around 1001 recovers it (RFC 9000 §A.3).
        receiver.Receive(Short(client.OneRtt!, 1001, Encode(Ping()), dcid: ServerCid, pnLength: 1), Ms(2), rec);
        Assert.Equal([1000UL, 1001UL], rec.Packets.Select(p => p.PacketNumber));
        Assert.Equal(1001, receiver.GetLargestProcessed(PacketNumberSpace.ApplicationData));
    }

    [Fact]
    public void Spin_bit_and_key_generation_are_reported_for_one_rtt()
    {
        var (receiver, client) = Server();
        var rec = new Recording();
        receiver.Receive(Short(client.OneRtt!, 0, Encode(Ping()), dcid: ServerCid, spin: true), Ms(1), rec);
        var packet = Assert.Single(rec.Packets);
        Assert.True(packet.SpinBit);
        Assert.Equal(0UL, packet.KeyGeneration);
        Assert.Equal(PacketType.OneRtt, packet.Type);
        Assert.Equal(Ms(1), packet.ReceivedAt);
    }
}
