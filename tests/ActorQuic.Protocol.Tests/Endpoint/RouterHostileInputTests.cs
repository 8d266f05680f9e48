using System.Buffers.Binary;
using System.Net;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Endpoint.RouterHarness;

namespace ActorQuic.Protocol.Tests.Endpoint;

/// <summary>
/// Seeded random and mutated datagrams through <see cref="EndpointRouter{THandle}.Route"/> with a
/// populated table: it never throws, garbage only ever earns drops, VN, resets or CID routing,
/// every reply is well-formed and no larger than its trigger, and the rate limits hold.
/// </summary>
public class RouterHostileInputTests
{
    private const int Iterations = 100_000;
    private const double ResetsPerSecond = 100, ResponsesPerSecond = 50;
    private const int ResetBurst = 20, ResponseBurst = 10;

    private static readonly IPEndPoint[] Senders =
    [
        Client,
        new(IPAddress.Parse("2001:db8::1"), 443),
        new(IPAddress.Parse("198.51.100.9"), 1),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_and_mutated_datagrams_never_break_the_router(bool requireRetry)
    {
        var rng = new Random(requireRetry ? 4242 : 2424);
        var table = new TestTable();
        var known = new List<ConnectionId>();
        for (int i = 0; i < 64; i++)
        {
            var cid = new byte[8];
            rng.NextBytes(cid);
            known.Add(new ConnectionId(cid));
            table.ByConnectionId[known[^1]] = $"conn-{i}";
            var token = new byte[16];
            rng.NextBytes(token);
            table.ByResetToken[new StatelessResetToken(token)] = $"conn-{i}";
        }
        using var codec = NewCodec();
        var options = ServerOptions(seed: rng.Next(), requireRetry: requireRetry, codec: codec,
            resetsPerSecond: ResetsPerSecond, resetBurst: ResetBurst,
            responsesPerSecond: ResponsesPerSecond, responseBurst: ResponseBurst, maxConnections: 1_000, maxHandshakes: 100);
        var router = new EndpointRouter<string>(options, table);
        var corpus = BuildCorpus(rng, known, codec);

        var counts = new Dictionary<RouteDecisionKind, int>();
        long now = 1_000;
        for (int i = 0; i < Iterations; i++)
        {
            now += 1;
            bool garbage = i % 2 == 0;
            byte[] datagram = garbage ? Garbage(rng) : Mutate(rng, corpus[rng.Next(corpus.Count)]);
            var load = rng.Next(20) == 0 ? new EndpointLoad(rng.Next(2_000), rng.Next(200)) : new EndpointLoad(10, 5);
            var remote = Senders[rng.Next(Senders.Length)];

            var decision = router.Route(datagram, remote, now, load);
            counts[decision.Kind] = counts.GetValueOrDefault(decision.Kind) + 1;

            if (garbage)
                Assert.Contains(decision.Kind, new[]
                {
                    RouteDecisionKind.Drop, RouteDecisionKind.SendVersionNegotiation,
                    RouteDecisionKind.SendStatelessReset, RouteDecisionKind.RouteToConnection,
                });
            CheckDecision(decision, datagram, table, load, requireRetry);
        }

        // Everything seen was counted exactly once.
        Assert.Equal(Iterations, router.Statistics.TotalDatagrams);
        // The buckets bound the unsolicited replies over the run's virtual 100 s.
        double seconds = (now - 1_000) / 1000.0;
        Assert.InRange(router.Statistics.StatelessResetsSent, 1, ResetBurst + ResetsPerSecond * seconds);
        Assert.InRange(router.Statistics.VersionNegotiationsSent + router.Statistics.InvalidTokenClosesSent + router.Statistics.ConnectionRefusedClosesSent,
            1, ResponseBurst + ResponsesPerSecond * seconds);
        Assert.True(router.Statistics.StatelessResetsRateLimited > 0);
        // The mutated half does reach the interesting paths.
        Assert.True(counts.GetValueOrDefault(RouteDecisionKind.RouteToConnection) > 1_000);
        Assert.True(counts.GetValueOrDefault(requireRetry ? RouteDecisionKind.SendRetry : RouteDecisionKind.AcceptNewConnection) > 100);
        Assert.True(counts.GetValueOrDefault(RouteDecisionKind.SendInitialClose) > 0);
    }

    private static void CheckDecision(in RouteDecision<string> decision, byte[] datagram, TestTable table, EndpointLoad load, bool requireRetry)
    {
        switch (decision.Kind)
        {
            case RouteDecisionKind.RouteToConnection:
                // Only by a DCID in the table, read where the header form puts it.
                var dcid = HeaderBits.IsLongHeader(datagram[0]) ? datagram.AsSpan(6, datagram[5]) : datagram.AsSpan(1, 8);
                Assert.True(table.TryGet(dcid, out var owner));
                Assert.Equal(owner, decision.Handle);
                break;
            case RouteDecisionKind.AcceptNewConnection or RouteDecisionKind.SendRetry:
                // Only a conforming client Initial of a supported version, in 1200+ bytes, under the limits.
                Assert.True(datagram.Length >= 1200);
                Assert.True(PacketHeaderParser.TryParse(datagram, 8, out var header));
                Assert.Equal(PacketType.Initial, header.Type);
                Assert.True(load.Connections < 1_000 && load.HandshakesInProgress < 100);
                if (decision.Kind == RouteDecisionKind.AcceptNewConnection)
                {
                    Assert.Equal(header.Version, decision.Connection.Version);
                    Assert.Equal(header.DestinationConnectionId.ToArray(), decision.Connection.DestinationConnectionId.ToArray());
                    Assert.True(!requireRetry || decision.Connection.AddressValidated);
                }
                else
                {
                    Assert.True(header.DestinationConnectionId.Length >= 8);
                    Assert.True(RetryPacket.TryParse(decision.Response, out _));
                    Assert.True(RetryIntegrity.Verify(header.Version, header.DestinationConnectionId.Span, decision.Response.Span));
                }
                break;
            case RouteDecisionKind.SendVersionNegotiation:
                Assert.True(datagram.Length >= 1200);
                Assert.False(QuicVersion.IsSupported(BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(1))));
                Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(1)));
                Assert.True(VersionNegotiationPacket.TryParse(decision.Response, out _));
                break;
            case RouteDecisionKind.SendStatelessReset:
                Assert.False(HeaderBits.IsLongHeader(datagram[0]));
                Assert.InRange(decision.Response.Length, 21, datagram.Length - 1);
                Assert.Equal(0x40, decision.Response.Span[0] & 0xc0);
                break;
            case RouteDecisionKind.SendInitialClose:
                Assert.True(datagram.Length >= 1200);
                break;
            case RouteDecisionKind.Drop:
                Assert.NotEqual(DropReason.None, decision.DropReason);
                Assert.True(decision.Response.IsEmpty);
                break;
        }
        // No reply is larger than what triggered it (RFC 9000 §8.1 amplification, §10.3.3 looping).
        Assert.True(decision.Response.Length <= datagram.Length);
    }

    /// <summary>Uniformly random bytes of a random length: the version is random too, so v1/v2 is a 2^-31 fluke.</summary>
    private static byte[] Garbage(Random rng)
    {
        int length = rng.Next(4) switch { 0 => rng.Next(0, 64), 1 => rng.Next(1200, 1501), _ => rng.Next(0, 1501) };
        var datagram = new byte[length];
        rng.NextBytes(datagram);
        // Keep the version field random but never a supported one (or VN), so this stays garbage.
        if (length >= 5 && HeaderBits.IsLongHeader(datagram[0]))
        {
            uint version = BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(1));
            if (QuicVersion.IsSupported(version) || version == 0)
                datagram[1] ^= 0x80;
        }
        return datagram;
    }

    private static List<byte[]> BuildCorpus(Random rng, List<ConnectionId> known, AddressTokenCodec codec)
    {
        var corpus = new List<byte[]>();
        foreach (uint version in new[] { QuicVersion.V1, QuicVersion.V2 })
        {
            var dcid = ConnectionId.FromHex("0011223344556677");
            corpus.Add(ClientInitial(version, dcid, ClientScid));
            corpus.Add(ClientInitial(version, dcid, ClientScid, datagramSize: 1350));
            corpus.Add(ClientInitial(version, known[0], ClientScid));
            var retryScid = ConnectionId.FromHex("5151515151515151");
            corpus.Add(ClientInitial(version, retryScid, ClientScid, codec.CreateRetryToken(Client, dcid, retryScid, 1_000)));
            corpus.Add(ClientInitial(version, dcid, ClientScid, codec.CreateNewToken(Client.Address, 1_000)));
            corpus.Add(LongPacket(version, PacketType.ZeroRtt, dcid, ClientScid, 1200));
            corpus.Add(LongPacket(version, PacketType.Handshake, known[1], ClientScid, 400));
        }
        for (int i = 0; i < 8; i++)
            corpus.Add(OneRtt(known[rng.Next(known.Count)], rng.Next(30, 1400)));
        for (int i = 0; i < 4; i++)
            corpus.Add(OneRtt(ConnectionId.FromHex("feedfeedfeedfeed"), rng.Next(22, 1400)));
        var vn = new byte[VersionNegotiationPacket.GetLength(8, 4, 2)];
        VersionNegotiationPacket.Write(vn, 0, ClientScid.Span, known[2].Span, [QuicVersion.V1, 0x0a0a0a0a]);
        corpus.Add(vn);
        var unknownVersion = ClientInitial(QuicVersion.V1, ConnectionId.FromHex("0011223344556677"), ClientScid);
        unknownVersion[4] = 0x7f;
        corpus.Add(unknownVersion);
        return corpus;
    }

    /// <summary>1-6 of: bit flips, random bytes, truncation, random tail, header-byte rewrites, a short-header first byte.</summary>
    private static byte[] Mutate(Random rng, byte[] original)
    {
        var bytes = new List<byte>(original);
        int mutations = rng.Next(4) == 0 ? 0 : rng.Next(1, 7);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = rng.Next(bytes.Count);
            int headerAt = rng.Next(Math.Min(bytes.Count, 60));
            switch (rng.Next(7))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[headerAt] = (byte)rng.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3:
                    var tail = new byte[rng.Next(1, 300)];
                    rng.NextBytes(tail);
                    bytes.AddRange(tail);
                    break;
                case 4: bytes[headerAt] ^= (byte)(1 << rng.Next(8)); break;
                case 5: bytes[0] = (byte)((bytes[0] & 0x3f) | (rng.Next(4) << 6)); break;
                default: if (bytes.Count > 5) bytes[5] = (byte)rng.Next(0, 24); break;
            }
        }
        return bytes.ToArray();
    }
}
