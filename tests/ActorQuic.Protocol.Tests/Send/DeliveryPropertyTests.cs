using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Send;

/// <summary>
/// Random writes, budgets, losses (real and spurious), acknowledgments and limit raises: the
/// peer, which reassembles what it can decrypt and parse, must end with every stream and CRYPTO
/// byte exactly once, in order, and the sender must never exceed a flow-control limit.
/// </summary>
public class DeliveryPropertyTests
{
    private sealed class Peer : IDisposable
    {
        public readonly Dictionary<ulong, ReassemblyBuffer> Streams = [];
        public readonly ReassemblyBuffer Crypto = ReassemblyBuffer.ForCrypto(1 << 20);
        public ulong MaxData;

        public void Deliver(OpenedPacket packet)
        {
            foreach (var frame in packet.Frames)
            {
                switch (frame)
                {
                    case StreamFrame s:
                        // Throws FLOW_CONTROL_ERROR if the sender overran MAX_STREAM_DATA.
                        Streams[s.StreamId].Write(s.Offset, s.Data.Span, s.Fin);
                        break;
                    case CryptoFrame c:
                        Crypto.Write(c.Offset, c.Data.Span);
                        break;
                }
            }
            ulong used = 0;
            foreach (var b in Streams.Values) used += b.HighestReceivedOffset;
            Assert.True(used <= MaxData, $"peer received {used} bytes with MAX_DATA {MaxData}");
        }

        public void Dispose()
        {
            foreach (var b in Streams.Values) b.Dispose();
            Crypto.Dispose();
        }
    }

    [Fact]
    public void Random_writes_losses_and_acks_deliver_every_byte_exactly()
    {
        int lostWithData = 0;
        Gen.Int.Sample(seed => lostWithData += Run(seed), seed: "0N0XIzNsQ0O2", iter: 40);
        // The scenarios really exercised repair: many packets carrying data were lost.
        Assert.True(lostWithData > 100, $"only {lostWithData} lost packets carried data");
    }

    /// <returns>How many packets carrying stream or CRYPTO data were declared lost.</returns>
    private static int Run(int seed)
    {
        var rng = new Random(seed);
        using var f = new SenderFixture(isServer: true, peerMaxData: 0, levels: [EncryptionLevel.Handshake, EncryptionLevel.OneRtt]);
        using var peer = new Peer();
        var now = TimeSpan.FromMilliseconds(1);

        int streamCount = rng.Next(1, 5);
        var ids = Enumerable.Range(0, streamCount).Select(i => (ulong)(4 * i + 1)).ToArray();
        var payloads = ids.ToDictionary(id => id, _ => RandomBytes(rng, rng.Next(0, 12_000)));
        var writtenSoFar = ids.ToDictionary(id => id, _ => 0);
        var streamLimits = ids.ToDictionary(id => id, _ => (ulong)rng.Next(0, 4000));
        var crypto = RandomBytes(rng, rng.Next(0, 5000));
        int cryptoWritten = 0;

        peer.MaxData = (ulong)rng.Next(0, 20_000);
        f.Frames.OnPeerMaxData(peer.MaxData);
        foreach (var id in ids)
        {
            peer.Streams[id] = new ReassemblyBuffer(streamLimits[id], 1024);
            f.Frames.OpenStream(id, streamLimits[id]);
        }

        var inFlight = new List<(SentPacket<SentFrames> Packet, bool Delivered)>();
        int lostWithData = 0;
        var released = ids.ToDictionary(id => id, _ => 0UL);

        void Transmit(SendBudget budget, double lossRate)
        {
            int before = f.Sent.Count;
            var datagram = f.Build(now, budget);
            if (datagram.Length == 0) return;
            bool delivered = rng.NextDouble() >= lossRate;
            if (delivered)
                foreach (var p in f.Open(datagram)) peer.Deliver(p);
            foreach (var p in f.Sent.Skip(before)) inFlight.Add((p, delivered));
        }

        for (int step = 0; step < 400; step++)
        {
            now += TimeSpan.FromMilliseconds(1);
            switch (rng.Next(10))
            {
                case 0 or 1:
                {
                    var id = ids[rng.Next(ids.Length)];
                    var payload = payloads[id];
                    int done = writtenSoFar[id];
                    if (!IsWritable(f, id)) break; // finished (FIN written) or already complete
                    int n = Math.Min(payload.Length - done, rng.Next(0, 3000));
                    bool fin = done + n == payload.Length && rng.Next(2) == 0;
                    f.Frames.WriteStream(id, payload.AsSpan(done, n), fin);
                    writtenSoFar[id] = done + n;
                    break;
                }
                case 2:
                {
                    int n = Math.Min(crypto.Length - cryptoWritten, rng.Next(0, 1500));
                    f.Frames.WriteCrypto(EncryptionLevel.Handshake, crypto.AsSpan(cryptoWritten, n));
                    cryptoWritten += n;
                    break;
                }
                case 3 or 4 or 5:
                {
                    var budget = new SendBudget(rng.Next(2) == 0 ? 1200 : 1452, rng.Next(0, 3000), long.MaxValue);
                    Transmit(budget, lossRate: 0.3);
                    break;
                }
                case 6 or 7:
                {
                    // The loss detector's verdicts: delivered packets are acknowledged (or, rarely,
                    // declared lost spuriously); undelivered ones are declared lost.
                    for (int i = inFlight.Count - 1; i >= 0; i--)
                    {
                        if (rng.Next(3) != 0) continue;
                        var (packet, delivered) = inFlight[i];
                        inFlight.RemoveAt(i);
                        if (delivered && rng.Next(8) != 0) f.Assembler.OnPacketAcked(packet);
                        else
                        {
                            if (packet.Payload.StreamRanges.Length + packet.Payload.CryptoRanges.Length > 0) lostWithData++;
                            f.Assembler.OnPacketLost(packet);
                        }
                    }
                    break;
                }
                case 8:
                {
                    var id = ids[rng.Next(ids.Length)];
                    streamLimits[id] += (ulong)rng.Next(0, 4000);
                    peer.Streams[id].RaiseLimit(streamLimits[id]); // advertised only after the receiver allows it
                    f.Frames.OnPeerMaxStreamData(id, streamLimits[id]);
                    break;
                }
                case 9:
                {
                    peer.MaxData += (ulong)rng.Next(0, 8000);
                    f.Frames.OnPeerMaxData(peer.MaxData);
                    break;
                }
            }
            CollectReleased(f, released);
        }

        // Finish: write the rest, open every limit, and run a lossless network until quiet.
        foreach (var id in ids)
        {
            if (IsWritable(f, id)) f.Frames.WriteStream(id, payloads[id].AsSpan(writtenSoFar[id]), fin: true);
            streamLimits[id] = Math.Max(streamLimits[id], (ulong)payloads[id].Length);
            peer.Streams[id].RaiseLimit(streamLimits[id]);
            f.Frames.OnPeerMaxStreamData(id, streamLimits[id]);
        }
        f.Frames.WriteCrypto(EncryptionLevel.Handshake, crypto.AsSpan(cryptoWritten));
        peer.MaxData = Math.Max(peer.MaxData, (ulong)payloads.Values.Sum(p => (long)p.Length));
        f.Frames.OnPeerMaxData(peer.MaxData);
        foreach (var (packet, delivered) in inFlight)
        {
            if (delivered) f.Assembler.OnPacketAcked(packet);
            else f.Assembler.OnPacketLost(packet);
        }
        inFlight.Clear();
        for (int round = 0; round < 1000 && (f.Frames.StreamCount > 0 || f.Frames.GetCryptoBufferedBytes(EncryptionLevel.Handshake) > 0); round++)
        {
            Transmit(SendBudget.Unlimited(), lossRate: 0);
            foreach (var (packet, _) in inFlight) f.Assembler.OnPacketAcked(packet);
            inFlight.Clear();
        }
        CollectReleased(f, released);

        Assert.Equal(0, f.Frames.StreamCount);
        foreach (var id in ids)
        {
            var buffer = peer.Streams[id];
            Assert.True(buffer.IsComplete, $"stream {id} incomplete (seed {seed})");
            var received = new byte[payloads[id].Length];
            Assert.Equal(received.Length, buffer.Read(received));
            Assert.Equal(payloads[id], received);
            Assert.Equal((ulong)payloads[id].Length, released[id]);
        }
        var cryptoReceived = new byte[crypto.Length];
        Assert.Equal(crypto.Length, peer.Crypto.Read(cryptoReceived));
        Assert.Equal(crypto, cryptoReceived);
        Assert.Equal(0UL, f.Frames.GetCryptoBufferedBytes(EncryptionLevel.Handshake));
        return lostWithData;
    }

    private static bool IsWritable(SenderFixture f, ulong id) =>
        f.Frames.GetStreamStatus(id) is { FinalSize: null };

    private static void CollectReleased(SenderFixture f, Dictionary<ulong, ulong> released)
    {
        foreach (var e in f.DrainEvents())
            if (e.Kind == SenderEventKind.StreamBufferReleased) released[e.StreamId] += e.Value;
    }

    private static byte[] RandomBytes(Random rng, int length)
    {
        var data = new byte[length];
        rng.NextBytes(data);
        return data;
    }
}
