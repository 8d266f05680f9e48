using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>
/// 100,000 seeded datagrams, random or mutated from valid ones (bit flips, truncation, Length,
/// token and CID length edits, insertions, deletions), through every pass 1 entry point. Each
/// call must answer true or false without throwing, and the splitter must always progress.
/// </summary>
public class HostileInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Datagrams = 100_000;

    [Fact]
    public void Hostile_datagrams_never_throw_or_hang()
    {
        var rng = new Random(1234);
        int accepted = 0, refused = 0, packetsYielded = 0, mutatedButAccepted = 0;
        for (int i = 0; i < Datagrams; i++)
        {
            int localCidLength = rng.Next(0, ConnectionId.MaxLength + 1);
            byte[] datagram;
            bool mutated = true;
            if (i % 10 == 0)
                datagram = PacketGens.Bytes(rng, 0, 1500);
            else
            {
                datagram = ValidDatagram(rng, localCidLength, out var fieldOffsets);
                if (i % 10 == 1)
                    mutated = false;
                else
                    datagram = Mutate(rng, datagram, fieldOffsets);
            }

            bool ok = PacketHeaderParser.TryParse(datagram, localCidLength, out var header);
            if (ok)
            {
                accepted++;
                if (mutated) mutatedButAccepted++;
                CheckHeader(header, datagram.Length);
            }
            else
            {
                refused++;
                Assert.True(mutated, "an unmodified valid datagram was refused");
            }

            var splitter = new DatagramSplitter(datagram, localCidLength);
            int steps = 0;
            while (splitter.MoveNext())
            {
                Assert.True(++steps <= datagram.Length, "the splitter stopped making progress");
                CheckHeader(splitter.Current, datagram.Length);
                packetsYielded++;
            }
            Assert.Equal(datagram.Length, splitter.Offset);
            Assert.False(!mutated && (splitter.DroppedRemainder || splitter.SkippedPackets > 0));

            if (VersionNegotiationPacket.TryParse(datagram, out var vn))
            {
                int count = 0;
                foreach (uint _ in vn.SupportedVersions) count++;
                Assert.True(count > 0 && count == vn.SupportedVersions.Count);
                Assert.True(vn.DestinationConnectionId.Length + vn.SourceConnectionId.Length + 4 * count + 7 == datagram.Length);
            }
            if (RetryPacket.TryParse(datagram, out var retry))
            {
                Assert.True(retry.Token.Length > 0);
                Assert.Equal(RetryPacket.IntegrityTagLength, retry.IntegrityTag.Length);
                Assert.True(retry.DestinationConnectionId.Length <= 20 && retry.SourceConnectionId.Length <= 20);
                Assert.Equal(datagram.Length, retry.TaggedContent.Length + 16);
            }
        }

        // The corpus must exercise both outcomes, or it proves little.
        Assert.True(accepted > Datagrams / 10, $"accepted {accepted}");
        Assert.True(refused > Datagrams / 10, $"refused {refused}");
        Assert.True(mutatedButAccepted > Datagrams / 20, $"mutated but accepted {mutatedButAccepted}");
        Assert.True(packetsYielded > Datagrams / 2, $"yielded {packetsYielded}");
        output.WriteLine($"accepted {accepted} (mutated {mutatedButAccepted}), refused {refused}, packets yielded {packetsYielded}");
    }

    /// <summary>Every slice must lie within the datagram, and the RFC's limits hold.</summary>
    private static void CheckHeader(in PacketHeader h, int datagramLength)
    {
        Assert.InRange(h.PacketLength, 1, datagramLength);
        int total = h.DestinationConnectionId.Span.Length + h.SourceConnectionId.Span.Length + h.Token.Span.Length;
        Assert.True(total <= h.PacketLength);
        if (h.IsUnsupportedVersion || h.IsVersionNegotiation)
            return;
        Assert.True(h.DestinationConnectionId.Length <= ConnectionId.MaxLength);
        Assert.True(h.SourceConnectionId.Length <= ConnectionId.MaxLength);
        Assert.True((h.FirstByte & HeaderBits.FixedBit) != 0);
        if (h.HasPacketNumber)
        {
            Assert.True(h.PacketNumberOffset + PacketHeaderParser.MinProtectedLength <= h.PacketLength);
            Assert.Equal(h.PacketLength - h.PacketNumberOffset, h.ProtectedLength);
            Assert.True(h.TryGetEncryptionLevel(out _));
        }
    }

    /// <summary>A well-formed datagram of one of several shapes; remembers where its length-like fields are.</summary>
    private static byte[] ValidDatagram(Random rng, int localCidLength, out List<int> fieldOffsets)
    {
        fieldOffsets = [];
        byte[] dcid = PacketGens.Bytes(rng, localCidLength, localCidLength);
        switch (rng.Next(8))
        {
            case 0:
            {
                var vn = new byte[VersionNegotiationPacket.GetLength(localCidLength, 8, 3)];
                VersionNegotiationPacket.Write(vn, (byte)rng.Next(256), PacketGens.Bytes(rng, 8, 8), dcid, [QuicVersion.V1, QuicVersion.V2, 0x1a2a3a4a]);
                fieldOffsets.Add(5);
                return vn;
            }
            case 1:
            {
                byte[] token = PacketGens.Bytes(rng, 1, 60);
                var retry = new byte[RetryPacket.GetLength(dcid.Length, 8, token.Length)];
                RetryPacket.Write(retry, rng.Next(2) == 0 ? QuicVersion.V1 : QuicVersion.V2, (byte)rng.Next(256),
                    dcid, PacketGens.Bytes(rng, 8, 8), token, PacketGens.Bytes(rng, 16, 16));
                fieldOffsets.Add(5);
                return retry;
            }
            case 2:
            {
                // An unknown version with RFC 8999-sized IDs, as a client probing for VN would send.
                byte[] longDcid = PacketGens.Bytes(rng, 0, 255), scid = PacketGens.Bytes(rng, 0, 255);
                fieldOffsets.Add(5);
                return [0xc0, 0x1a, 0x2a, 0x3a, 0x4a, (byte)longDcid.Length, .. longDcid, (byte)scid.Length, .. scid, .. PacketGens.Bytes(rng, 0, 300)];
            }
            default:
            {
                var parts = new List<byte>();
                PacketType[] types = [PacketType.Initial, PacketType.ZeroRtt, PacketType.Handshake];
                int longs = rng.Next(0, 4);
                for (int k = 0; k < longs; k++)
                {
                    var spec = PacketGens.RandomLong(rng, dcid, types[rng.Next(3)]);
                    byte[] packet = spec.Build();
                    PacketHeaderParser.TryParse(packet, localCidLength, out var h);
                    fieldOffsets.Add(parts.Count + 5);                                    // DCID length
                    fieldOffsets.Add(parts.Count + 6 + spec.Dcid.Length);                 // SCID length
                    if (spec.Type == PacketType.Initial)
                        fieldOffsets.Add(parts.Count + 7 + spec.Dcid.Length + spec.Scid.Length); // Token Length
                    fieldOffsets.Add(parts.Count + h.PacketNumberOffset - LongHeaderWriter.LengthFieldSize); // Length
                    parts.AddRange(packet);
                }
                if (longs == 0 || rng.Next(2) == 0)
                    parts.AddRange(PacketGens.RandomShort(rng, dcid).Build());
                return [.. parts];
            }
        }
    }

    private static byte[] Mutate(Random rng, byte[] datagram, List<int> fieldOffsets)
    {
        var bytes = new List<byte>(datagram);
        int rounds = rng.Next(1, 4);
        for (int r = 0; r < rounds && bytes.Count > 0; r++)
        {
            switch (rng.Next(8))
            {
                case 0: // bit flips
                    for (int k = rng.Next(1, 9); k > 0; k--)
                        bytes[rng.Next(bytes.Count)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1: // truncation
                {
                    int keep = rng.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                }
                    break;
                case 2: // a Length/Token Length/CID length field gets an arbitrary value, varint size included
                case 3:
                    if (fieldOffsets.Count > 0)
                    {
                        int at = fieldOffsets[rng.Next(fieldOffsets.Count)];
                        for (int k = 0; k < 2 && at + k < bytes.Count; k++)
                            bytes[at + k] = (byte)rng.Next(256);
                    }
                    break;
                case 4: // a field nudged by a little, as an off-by-some sender would
                    if (fieldOffsets.Count > 0)
                    {
                        int at = Math.Min(fieldOffsets[rng.Next(fieldOffsets.Count)] + rng.Next(2), bytes.Count - 1);
                        bytes[at] = (byte)(bytes[at] + rng.Next(-3, 4));
                    }
                    break;
                case 5: // trailing bytes
                    bytes.AddRange(PacketGens.Bytes(rng, 1, 40));
                    break;
                case 6: // a byte inserted or deleted, shifting everything after it
                    if (rng.Next(2) == 0) bytes.Insert(rng.Next(bytes.Count + 1), (byte)rng.Next(256));
                    else bytes.RemoveAt(rng.Next(bytes.Count));
                    break;
                default: // a different first byte: form, fixed bit, type bits
                    bytes[0] = (byte)rng.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }
}
