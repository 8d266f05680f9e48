using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>RFC 9000 §5.2.2, §6.1, §17.2.1; RFC 8999 §6: answering versions we do not speak.</summary>
public class VersionNegotiationTests
{
    /// <summary>A 1200-byte long header of <paramref name="version"/> with CIDs of any length up to 255 (RFC 8999 §5.1).</summary>
    private static byte[] UnknownVersionDatagram(uint version, byte[] dcid, byte[] scid, int size = 1200)
    {
        var datagram = new byte[size];
        new Random(11).NextBytes(datagram);
        datagram[0] = 0xc0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(1), version);
        datagram[5] = (byte)dcid.Length;
        dcid.CopyTo(datagram, 6);
        datagram[6 + dcid.Length] = (byte)scid.Length;
        scid.CopyTo(datagram, 7 + dcid.Length);
        return datagram;
    }

    [Theory]
    [InlineData(0x1a2a3a4au)] // reserved for greasing (RFC 9000 §15)
    [InlineData(0xff00001du)] // a draft version
    [InlineData(0x00000002u)]
    public void An_unknown_version_in_1200_bytes_gets_a_version_negotiation_listing_ours(uint version)
    {
        var router = new EndpointRouter<string>(ServerOptions(versions: [QuicVersion.V2, QuicVersion.V1]), new TestTable());
        var dcid = Enumerable.Range(0, 17).Select(i => (byte)i).ToArray();
        var scid = Enumerable.Range(50, 5).Select(i => (byte)i).ToArray();
        var decision = router.Route(UnknownVersionDatagram(version, dcid, scid));
        Assert.Equal(RouteDecisionKind.SendVersionNegotiation, decision.Kind);

        Assert.True(VersionNegotiationPacket.TryParse(decision.Response, out var vn));
        // CIDs echoed swapped (RFC 9000 §17.2.1).
        Assert.Equal(scid, vn.DestinationConnectionId.ToArray());
        Assert.Equal(dcid, vn.SourceConnectionId.ToArray());
        Assert.Equal(2, vn.SupportedVersions.Count);
        Assert.Equal(QuicVersion.V2, vn.SupportedVersions[0]);
        Assert.Equal(QuicVersion.V1, vn.SupportedVersions[1]);
        Assert.False(vn.SupportedVersions.Contains(version));
        // §17.2.1: the fixed bit SHOULD be set for demultiplexing; the header form is long.
        Assert.Equal(0xc0, decision.Response.Span[0] & 0xc0);
        Assert.Equal(1, router.Statistics.VersionNegotiationsSent);
    }

    [Fact]
    public void Long_connection_ids_of_other_versions_are_echoed()
    {
        // RFC 8999 §5.1: versions other than v1/v2 may use CIDs up to 255 bytes.
        var router = new EndpointRouter<string>(ServerOptions(), new TestTable());
        var dcid = Enumerable.Repeat((byte)0xdd, 255).ToArray();
        var scid = Enumerable.Repeat((byte)0x55, 100).ToArray();
        var decision = router.Route(UnknownVersionDatagram(0x0a0a0a0a, dcid, scid));
        Assert.True(VersionNegotiationPacket.TryParse(decision.Response, out var vn));
        Assert.Equal(dcid, vn.SourceConnectionId.ToArray());
        Assert.Equal(scid, vn.DestinationConnectionId.ToArray());
    }

    [Fact]
    public void Smaller_datagrams_with_unknown_versions_are_dropped()
    {
        // RFC 9000 §5.2.2: MUST drop; the 1200 bytes also keep VN from amplifying.
        var router = new EndpointRouter<string>(ServerOptions(), new TestTable());
        var decision = router.Route(UnknownVersionDatagram(0x0a0a0a0a, new byte[8], new byte[8], size: 1199));
        Assert.Equal(DropReason.UnsupportedVersionTooSmall, decision.DropReason);
    }

    [Fact]
    public void An_unknown_version_is_not_matched_to_a_connection_even_with_a_known_dcid()
    {
        // RFC 9000 §5.2.2: only packets with a supported version are matched by CID.
        var table = new TestTable();
        var dcid = Enumerable.Range(1, 8).Select(i => (byte)i).ToArray();
        table.ByConnectionId[new ConnectionId(dcid)] = "conn";
        var router = new EndpointRouter<string>(ServerOptions(), table);
        Assert.Equal(RouteDecisionKind.SendVersionNegotiation, router.Route(UnknownVersionDatagram(0xabcdef01, dcid, [])).Kind);
    }

    [Fact]
    public void Version_negotiation_is_rate_limited()
    {
        var router = new EndpointRouter<string>(ServerOptions(responsesPerSecond: 2, responseBurst: 5), new TestTable());
        var datagram = UnknownVersionDatagram(0x0a0a0a0a, new byte[8], new byte[8]);
        int sent = 0;
        for (long now = 0; now < 10_000; now += 10)
            if (router.Route(datagram, nowMs: now).Kind == RouteDecisionKind.SendVersionNegotiation)
                sent++;
        // burst + rate x 10 s, give or take the last drip.
        Assert.InRange(sent, 5 + 19, 5 + 20);
        Assert.Equal(1_000 - sent, router.Statistics.ResponsesRateLimited);
    }
}
