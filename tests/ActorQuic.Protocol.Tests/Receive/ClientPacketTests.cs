using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Version Negotiation and Retry reach a client (RFC 9000 §6.2, §17.2.1, §17.2.5) and only then.</summary>
public class ClientPacketTests
{
    private static readonly byte[] RetrySourceCid = [0xf0, 0x67, 0xa5, 0x50, 0x2a, 0x42, 0x62, 0xb5];
    private static readonly byte[] RetryToken = "a retry token from the server"u8.ToArray();

    private static PacketReceiver NewClient(out PacketProtection serverInitial)
    {
        var receiver = new PacketReceiver(ClientOptions());
        var (send, recv) = InitialPair(fromClient: false);
        receiver.InstallKeys(EncryptionLevel.Initial, recv);
        serverInitial = send;
        return receiver;
    }

    private static byte[] Retry(byte[]? odcid = null, byte[]? scid = null, uint version = QuicVersion.V1, bool corruptTag = false)
    {
        scid ??= RetrySourceCid;
        var packet = new byte[RetryPacket.GetLength(ClientCid.Length, scid.Length, RetryToken.Length)];
        RetryPacket.Write(packet, version, 0x0a, ClientCid, scid, RetryToken, default);
        RetryIntegrity.ComputeTag(version, odcid ?? OriginalDcid, packet.AsSpan(0, packet.Length - 16), packet.AsSpan(packet.Length - 16));
        if (corruptTag) packet[^1] ^= 0x80;
        return packet;
    }

    private static byte[] VersionNegotiation(params uint[] versions)
    {
        // Echoes the client's IDs swapped: DCID = our SCID, SCID = the DCID we sent (RFC 9000 §17.2.1).
        var packet = new byte[VersionNegotiationPacket.GetLength(ClientCid.Length, OriginalDcid.Length, versions.Length)];
        VersionNegotiationPacket.Write(packet, 0x2a, OriginalDcid, ClientCid, versions);
        return packet;
    }

    [Fact]
    public void Retry_with_a_valid_tag_is_surfaced_once()
    {
        var receiver = NewClient(out _);
        var result = receiver.Receive(Retry(), Ms(1), new Recording());

        Assert.NotNull(result.Retry);
        Assert.Equal(QuicVersion.V1, result.Retry!.Version);
        Assert.Equal(new ConnectionId(RetrySourceCid), result.Retry.SourceConnectionId);
        Assert.Equal(RetryToken, result.Retry.Token);
        Assert.False(result.IsStatelessResetCandidate);
        Assert.Equal(0, result.PacketsDropped);

        // RFC 9000 §17.2.5.2: at most one Retry per connection attempt.
        var second = receiver.Receive(Retry(), Ms(2), new Recording());
        Assert.Null(second.Retry);
        Assert.Equal(1, second.DroppedUnexpected);
    }

    [Fact]
    public void Retry_with_a_bad_tag_or_wrong_odcid_or_echoed_scid_is_discarded()
    {
        foreach (var packet in new[] { Retry(corruptTag: true), Retry(odcid: [1, 2, 3, 4]), Retry(scid: OriginalDcid) })
        {
            var receiver = NewClient(out _);
            var result = receiver.Receive(packet, Ms(1), new Recording());
            Assert.Null(result.Retry);
            Assert.Equal(1, result.DroppedUnexpected);
            Assert.True(result.IsStatelessResetCandidate);
        }
    }

    [Fact]
    public void Retry_after_an_initial_was_processed_is_discarded()
    {
        var receiver = NewClient(out var serverInitial);
        Assert.Equal(1, receiver.Receive(Long(serverInitial, PacketType.Initial, 0, Encode(Ping())), Ms(1), new Recording()).PacketsProcessed);
        var result = receiver.Receive(Retry(), Ms(2), new Recording());
        Assert.Null(result.Retry);
        Assert.Equal(1, result.DroppedUnexpected);
    }

    [Fact]
    public void Client_replaces_initial_keys_after_a_retry()
    {
        var receiver = NewClient(out _);
        Assert.NotNull(receiver.Receive(Retry(), Ms(1), new Recording()).Retry);
        // RFC 9001 §5.2: Initial keys now come from the Retry's SCID.
        var (_, serverSend) = InitialSecrets.CreateProtection(QuicVersion.V1, RetrySourceCid);
        var (_, serverRead) = InitialSecrets.CreateProtection(QuicVersion.V1, RetrySourceCid);
        receiver.InstallKeys(EncryptionLevel.Initial, serverRead);
        var result = receiver.Receive(Long(serverSend, PacketType.Initial, 0, Encode(Ping())), Ms(2), new Recording());
        Assert.Equal(1, result.PacketsProcessed);
    }

    [Fact]
    public void Servers_never_accept_retry_or_version_negotiation()
    {
        var receiver = new PacketReceiver(ServerOptions());
        var retry = receiver.Receive(Retry(), Ms(1), new Recording());
        var vn = receiver.Receive(VersionNegotiation(0x1a2a3a4a), Ms(1), new Recording());
        Assert.Null(retry.Retry);
        Assert.Null(vn.VersionNegotiation);
        Assert.Equal(1, retry.DroppedUnexpected);
        Assert.Equal(1, vn.DroppedUnexpected);
    }

    [Fact]
    public void Version_negotiation_is_surfaced_with_its_versions()
    {
        var receiver = NewClient(out _);
        var result = receiver.Receive(VersionNegotiation(0x1a2a3a4a, QuicVersion.V2), Ms(1), new Recording());
        Assert.NotNull(result.VersionNegotiation);
        Assert.Equal([0x1a2a3a4aU, QuicVersion.V2], result.VersionNegotiation!.SupportedVersions);
        Assert.False(result.IsStatelessResetCandidate);

        // RFC 9000 §6.2: discarded after an earlier VN.
        Assert.Null(receiver.Receive(VersionNegotiation(QuicVersion.V2), Ms(2), new Recording()).VersionNegotiation);
    }

    [Fact]
    public void Version_negotiation_listing_our_version_or_not_echoing_our_dcid_is_discarded()
    {
        var receiver = NewClient(out _);
        var listsOurs = receiver.Receive(VersionNegotiation(QuicVersion.V2, QuicVersion.V1), Ms(1), new Recording());
        Assert.Null(listsOurs.VersionNegotiation);
        Assert.Equal(1, listsOurs.DroppedUnexpected);

        var packet = new byte[VersionNegotiationPacket.GetLength(ClientCid.Length, 4, 1)];
        VersionNegotiationPacket.Write(packet, 0, [9, 9, 9, 9], ClientCid, [QuicVersion.V2]);
        Assert.Null(receiver.Receive(packet, Ms(2), new Recording()).VersionNegotiation);
    }

    [Fact]
    public void Version_negotiation_after_a_processed_packet_is_discarded()
    {
        var receiver = NewClient(out var serverInitial);
        receiver.Receive(Long(serverInitial, PacketType.Initial, 0, Encode(Ping())), Ms(1), new Recording());
        var result = receiver.Receive(VersionNegotiation(QuicVersion.V2), Ms(2), new Recording());
        Assert.Null(result.VersionNegotiation);
        Assert.Equal(1, result.DroppedUnexpected);
    }
}
