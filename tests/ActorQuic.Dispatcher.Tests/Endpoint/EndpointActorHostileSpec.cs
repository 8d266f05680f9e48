using System.Buffers.Binary;
using System.Net;
using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Wire;
using Akka.Actor;
using Akka.TestKit;
using static ActorQuic.Dispatcher.Tests.Endpoint.EndpointPackets;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>
/// 10,000 seeded random and mutated datagrams into a live endpoint with the server role on and one
/// client connection registered: the endpoint survives, and exactly the datagrams addressed to
/// that connection's CID reach it.
/// </summary>
public sealed class EndpointActorHostileSpec : EndpointSpec
{
    private const int Count = 10_000;

    [Fact]
    public void Ten_thousand_hostile_datagrams_leave_the_endpoint_alive_and_only_valid_cids_reach_the_connection()
    {
        var clientProbe = CreateTestProbe("client");
        var settings = Settings(RouterOptions(seed: 99, maxConnections: 40, maxHandshakes: 40), intakeLimit: 2 * Count);
        var endpoint = StartEndpoint(new EndpointActorSettings
        {
            Transport = settings.Transport,
            RouterOptions = settings.RouterOptions,
            ServerConnectionProps = settings.ServerConnectionProps, // strangers' accepted Initials report to Connections
            ClientConnectionProps = ProbeConnection.Factory(clientProbe.Ref),
            DatagramPool = Pool,
            IntakeLimit = settings.IntakeLimit,
        });
        Watch(endpoint);
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        var connected = ExpectMsg<Connected>();
        var cid = connected.LocalConnectionId;
        clientProbe.ExpectMsg<ProbeConnection.Started>();

        var random = new Random(20240601);
        var initials = Enumerable.Range(0, 8)
            .Select(i => ClientInitial(new ConnectionId(Enumerable.Repeat((byte)(0x30 + i), 8).ToArray()), ClientScid))
            .ToArray();
        var expected = new List<byte[]>();
        for (int i = 0; i < Count; i++)
        {
            var datagram = Next(random, cid, initials);
            if (ReachesConnection(datagram, cid))
                expected.Add(datagram);
            PeerSends(datagram);
        }

        var stats = Statistics(endpoint);
        Assert.Equal(Count, stats.TotalDatagrams);
        Assert.Equal(0, stats.IntakeShed);
        Assert.True(expected.Count > Count / 5, $"only {expected.Count} datagrams were addressed to the connection");

        // Every datagram the connection got is addressed to its CID, in the order sent, and none is missing.
        var got = clientProbe.ReceiveN(expected.Count, TimeSpan.FromSeconds(60)).Cast<ProbeConnection.Got>().ToList();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(cid, DestinationOf(got[i].Bytes));
            Assert.Equal(expected[i], got[i].Bytes);
        }
        clientProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Still alive and serving: a fresh Connect works and nothing was told to a dead endpoint.
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        endpoint.Tell(new Connect(PeerAddress, null), TestActor);
        ExpectMsg<Connected>();
        Assert.True(stats.Connections <= 40);
        AwaitAssert(() => Assert.Equal(0, Pool.Outstanding), TimeSpan.FromSeconds(30));
        Assert.Equal(0, Pool.ForeignReturns);
    }

    /// <summary>One hostile datagram: random bytes, clean or mutated packets to the connection, mutated Initials, odd long headers, strangers.</summary>
    private static byte[] Next(Random random, ConnectionId cid, byte[][] initials)
    {
        switch (random.Next(7))
        {
            case 0:
                return RandomBytes(random, random.Next(0, 1500));
            case 1:
                return ShortHeader(cid, random.Next(3 + LocalCidLength, 1400), random.Next());
            case 2:
                return Mutate(random, ShortHeader(cid, random.Next(3 + LocalCidLength, 1400), random.Next()));
            case 3:
                return Mutate(random, initials[random.Next(initials.Length)]);
            case 4:
            {
                // A long header to the connection's CID with a random version: v1, v2, VN or unknown.
                uint[] versions = [QuicVersion.V1, QuicVersion.V2, 0, 0x1a2a3a4a, (uint)random.Next()];
                var datagram = LongHeaderWithVersion(versions[random.Next(versions.Length)], cid, ClientScid, random.Next(20, 1300));
                datagram[0] = (byte)(0x80 | random.Next(0x80));
                return random.Next(3) == 0 ? Mutate(random, datagram) : datagram;
            }
            case 5:
            {
                var stranger = new byte[LocalCidLength];
                random.NextBytes(stranger);
                return ShortHeader(new ConnectionId(stranger), random.Next(3 + LocalCidLength, 200), random.Next());
            }
            default:
                return Truncate(random, Mutate(random, initials[random.Next(initials.Length)]));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var copy = original.ToArray();
        int flips = random.Next(1, 5);
        for (int i = 0; i < flips && copy.Length > 0; i++)
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] Truncate(Random random, byte[] original) => original.AsSpan(0, random.Next(original.Length + 1)).ToArray();

    /// <summary>
    /// The oracle, from the RFCs rather than the router's code: a short header (fixed bit set,
    /// RFC 9000 §17.3.1) whose first 8 DCID bytes are the CID; or a long header that holds its
    /// invariant fields (RFC 8999 §5.1), has a supported version or is Version Negotiation
    /// (RFC 9000 §5.2.2, §6), and whose DCID is the CID. A client connection has no peer reset
    /// tokens here, so nothing else can reach it.
    /// </summary>
    private static bool ReachesConnection(byte[] d, ConnectionId cid)
    {
        if (d.Length == 0)
            return false;
        if ((d[0] & 0x80) == 0)
            return (d[0] & 0x40) != 0 && d.Length >= 1 + LocalCidLength && d.AsSpan(1, LocalCidLength).SequenceEqual(cid.Span);
        if (d.Length < 7)
            return false;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(1));
        int dcidLength = d[5];
        if (d.Length < 7 + dcidLength || d.Length < 7 + dcidLength + d[6 + dcidLength])
            return false;
        bool known = version is QuicVersion.V1 or QuicVersion.V2 or 0;
        return known && d.AsSpan(6, dcidLength).SequenceEqual(cid.Span);
    }
}
