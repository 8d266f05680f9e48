using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;
using Xunit.Abstractions;
using static ActorQuic.Protocol.Tests.Receive.ReceiverTestKit;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>
/// Seeded hostile input: mutated real datagrams never make the receiver throw (they fail
/// authentication or delimiting and are dropped), and validly protected garbage plaintext only
/// ever fails with the frame parser's <see cref="QuicProtocolException"/>.
/// </summary>
public class HostileDatagramTests(ITestOutputHelper output)
{
    private const int Iterations = 22_000;

    /// <summary>One side's world: a receiver and the peer's write keys, plus the valid datagrams it sends.</summary>
    private sealed class World
    {
        public required PacketReceiver Receiver { get; set; }
        public required PacketProtection Initial;
        public required PacketProtection Handshake;
        public required PacketProtection[] OneRtt; // generations 0 and 1
        public PacketProtection? ZeroRtt;
        public required bool IsServer;
        public required int Seed;
        public ulong NextGarbagePn = 10_000;
        public List<byte[]> Corpus = [];
    }

    private static World Build(bool isServer, bool handshakeComplete, int seed)
    {
        var world = new World
        {
            Receiver = NewReceiver(isServer, handshakeComplete, seed),
            Initial = InitialPair(fromClient: isServer).Send,
            Handshake = KeyPair(seed + 1).Send,
            OneRtt = [KeyPair(seed + 2).Send, KeyPair(seed + 2).Send.NextGeneration()],
            ZeroRtt = isServer ? KeyPair(seed + 3).Send : null,
            IsServer = isServer,
            Seed = seed,
        };
        world.Corpus = ValidDatagrams(world);
        return world;
    }

    /// <summary>A receiver holding the read side of the world's keys (same seeds, separate instances).</summary>
    private static PacketReceiver NewReceiver(bool isServer, bool handshakeComplete, int seed)
    {
        var receiver = new PacketReceiver(isServer ? ServerOptions() : ClientOptions());
        receiver.InstallKeys(EncryptionLevel.Initial, InitialPair(fromClient: isServer).Receive);
        receiver.InstallKeys(EncryptionLevel.Handshake, KeyPair(seed + 1).Receive);
        receiver.InstallKeys(EncryptionLevel.OneRtt, KeyPair(seed + 2).Receive);
        if (isServer)
            receiver.InstallKeys(EncryptionLevel.ZeroRtt, KeyPair(seed + 3).Receive);
        if (handshakeComplete) receiver.OnHandshakeCompleted();
        return receiver;
    }

    private static byte[] To(World w) => w.IsServer ? ServerCid : ClientCid;

    private static byte[] From(World w) => w.IsServer ? ClientCid : ServerCid;

    /// <summary>Well-formed datagrams with well-formed frames; generation-0 PNs all below generation-1 PNs.</summary>
    private static List<byte[]> ValidDatagrams(World w)
    {
        var list = new List<byte[]>();
        byte[] data = new byte[300];
        new Random(5).NextBytes(data);
        for (ulong pn = 0; pn < 40; pn++)
        {
            var initial = Long(w.Initial, PacketType.Initial, pn, Encode(CryptoData(pn * 50, data[..50]), Ack(pn, 0), Padding(30)), dcid: To(w), scid: From(w));
            var handshake = Long(w.Handshake, PacketType.Handshake, pn, Encode(CryptoData(pn * 20, data[..20])), dcid: To(w), scid: From(w));
            var gen0 = Short(w.OneRtt[0], 100 + pn, Encode(Stream(pn * 4, pn, data[..(int)(pn * 7)], fin: pn % 3 == 0), Ping()), dcid: To(w));
            var gen1 = Short(w.OneRtt[1], 200 + pn, Encode(Ack(100 + pn, 100), HandshakeDone()), dcid: To(w), keyPhase: true);
            list.Add(Concat(initial, handshake, gen0));
            list.Add(Concat(handshake, gen1));
            list.Add(gen0);
            list.Add(gen1);
            if (w.ZeroRtt is not null)
                list.Add(Concat(initial, Long(w.ZeroRtt, PacketType.ZeroRtt, 50 + pn, Encode(Stream(0, pn, data[..10])), dcid: To(w), scid: From(w))));
        }
        // VN and Retry: a server ignores them, a client may accept one.
        var vn = new byte[VersionNegotiationPacket.GetLength(ClientCid.Length, OriginalDcid.Length, 2)];
        VersionNegotiationPacket.Write(vn, 0x11, OriginalDcid, ClientCid, [QuicVersion.V2, 0x0a0a0a0a]);
        list.Add(vn);
        var retry = new byte[RetryPacket.GetLength(ClientCid.Length, 8, 12)];
        RetryPacket.Write(retry, QuicVersion.V1, 0, ClientCid, [1, 2, 3, 4, 5, 6, 7, 8], "retry-token!"u8, default);
        RetryIntegrity.ComputeTag(QuicVersion.V1, OriginalDcid, retry.AsSpan(0, retry.Length - 16), retry.AsSpan(retry.Length - 16));
        list.Add(retry);
        return list;
    }

    private static byte[] Mutate(Random rng, byte[] source, List<byte[]> corpus)
    {
        var d = (byte[])source.Clone();
        switch (rng.Next(8))
        {
            case 0: // a few bit flips anywhere
                for (int i = rng.Next(1, 9); i > 0; i--) d[rng.Next(d.Length)] ^= (byte)(1 << rng.Next(8));
                return d;
            case 1: // truncate
                return d[..rng.Next(d.Length)];
            case 2: // append random bytes
            {
                var tail = new byte[rng.Next(1, 64)];
                rng.NextBytes(tail);
                return Concat(d, tail);
            }
            case 3: // overwrite a random run
            {
                int start = rng.Next(d.Length), length = rng.Next(1, Math.Min(32, d.Length - start) + 1);
                rng.NextBytes(d.AsSpan(start, length));
                return d;
            }
            case 4: // the header bytes specifically (first byte, version, CID lengths, Length field)
                d[rng.Next(Math.Min(d.Length, 30))] = (byte)rng.Next(256);
                return d;
            case 5: // splice two datagrams
            {
                var other = corpus[rng.Next(corpus.Count)];
                return Concat(d[..rng.Next(d.Length)], other[rng.Next(other.Length)..]);
            }
            case 6: // pure noise that looks like a short or long header
            {
                var noise = new byte[rng.Next(1, 1300)];
                rng.NextBytes(noise);
                noise[0] = (byte)(rng.Next(2) == 0 ? 0x40 | (noise[0] & 0x3f) : 0xc0 | (noise[0] & 0x3f));
                return noise;
            }
            default: // a replay of a valid datagram, unchanged or with its last byte flipped
                if (rng.Next(2) == 0) d[^1] ^= 0x01;
                return d;
        }
    }

    /// <summary>A packet protected with the right keys around random plaintext: only frame parsing can object.</summary>
    private static byte[] GarbageUnderValidKeys(Random rng, World w)
    {
        var payload = new byte[rng.Next(1, 200)];
        rng.NextBytes(payload);
        ulong pn = w.NextGarbagePn++;
        return rng.Next(3) switch
        {
            0 => Long(w.Initial, PacketType.Initial, pn, payload, dcid: To(w), scid: From(w)),
            1 => Long(w.Handshake, PacketType.Handshake, pn, payload, dcid: To(w), scid: From(w)),
            _ => Short(w.OneRtt[1], pn, payload, keyPhase: true, dcid: To(w)),
        };
    }

    [Fact]
    public void Mutated_datagrams_never_throw_and_garbage_plaintext_only_fails_frame_parsing()
    {
        var rng = new Random(1234);
        int worldSeed = 0;
        World world = Build(isServer: true, handshakeComplete: true, worldSeed);
        int mutated = 0, processed = 0, dropped = 0, stashed = 0, frameErrors = 0, garbageCases = 0;
        var now = TimeSpan.Zero;

        for (int i = 0; i < Iterations; i++)
        {
            now += Ms(rng.Next(0, 3));
            if (i % 2000 == 0)
            {
                // Alternate roles and handshake states so stashing, VN and Retry paths all get input.
                world.Receiver.Dispose();
                world = Build(isServer: (i / 2000) % 2 == 0, handshakeComplete: (i / 4000) % 2 == 0, ++worldSeed * 10);
            }

            if (rng.Next(20) == 0)
            {
                garbageCases++;
                var garbage = GarbageUnderValidKeys(rng, world);
                try
                {
                    var r = world.Receiver.Receive(garbage, now, new Recording());
                    processed += r.PacketsProcessed;
                    stashed += r.PacketsStashed;
                }
                catch (QuicProtocolException ex)
                {
                    Assert.True(ex.ErrorCode is TransportErrorCode.FrameEncodingError or TransportErrorCode.ProtocolViolation,
                        $"iteration {i}: {ex.ErrorCode} {ex.Reason}");
                    frameErrors++;
                    // The connection would close: start a fresh one in the same state.
                    bool complete = world.Receiver.IsHandshakeComplete;
                    world.Receiver.Dispose();
                    world.Receiver = NewReceiver(world.IsServer, complete, world.Seed);
                }
                continue;
            }

            var source = world.Corpus[rng.Next(world.Corpus.Count)];
            var datagram = Mutate(rng, source, world.Corpus);
            mutated++;
            DatagramReceiveResult result;
            try
            {
                result = world.Receiver.Receive(datagram, now, new Recording());
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}: a mutated datagram threw {ex.GetType().Name}: {ex.Message}\n{Convert.ToHexString(datagram)}");
                return;
            }
            processed += result.PacketsProcessed;
            dropped += result.PacketsDropped;
            stashed += result.PacketsStashed;
            Assert.Equal(datagram.Length, result.DatagramLength);
            Assert.True(world.Receiver.StashedBytes <= 16 * 1024);

            if (!world.Receiver.IsHandshakeComplete && rng.Next(50) == 0)
            {
                world.Receiver.OnHandshakeCompleted();
                var replay = world.Receiver.Replay(now, new Recording());
                processed += replay.PacketsProcessed;
                dropped += replay.PacketsDropped;
            }
        }

        // The run exercised every outcome.
        Assert.True(mutated >= 20_000, $"mutated {mutated}");
        Assert.True(processed > 100, $"processed {processed}");
        Assert.True(dropped > 10_000, $"dropped {dropped}");
        Assert.True(stashed > 10, $"stashed {stashed}");
        Assert.True(frameErrors > 50, $"frame errors {frameErrors} of {garbageCases}");
        Assert.True(frameErrors < garbageCases, "some garbage plaintexts happen to be valid frames");
        output.WriteLine($"{processed} processed, {dropped} dropped, {stashed} stashed, {frameErrors} frame errors of {garbageCases} garbage packets, {mutated} mutated datagrams");
        world.Receiver.Dispose();
    }
}
