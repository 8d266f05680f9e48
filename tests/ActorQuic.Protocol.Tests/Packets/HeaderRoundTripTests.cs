using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>Whatever the writers produce, pass 1 and the post-HP helpers read back unchanged.</summary>
public class HeaderRoundTripTests
{
    [Fact]
    public void Long_headers_round_trip_for_v1_and_v2()
    {
        PacketGens.AnyLong.Select(Gen.Int[0, 20]).Sample((spec, localCidLength) =>
        {
            byte[] packet = spec.Build();
            Assert.True(PacketHeaderParser.TryParse(packet, localCidLength, out var h), spec.ToString());

            Assert.True(h.IsLongHeader);
            Assert.Equal(spec.Version, h.Version);
            Assert.Equal(spec.Type, h.Type);
            Assert.Equal(spec.Dcid, h.DestinationConnectionId.ToArray());
            Assert.Equal(spec.Scid, h.SourceConnectionId.ToArray());
            Assert.Equal(spec.Token, h.Token.ToArray());
            Assert.Equal(packet.Length, h.PacketLength);
            Assert.Equal(spec.PnLength + spec.Payload.Length, h.ProtectedLength);
            Assert.True(h.HasPacketNumber);

            // The writer's type bits are the version's (RFC 9369 §3.2).
            Assert.Equal(LongPacketTypes.GetTypeBits(spec.Version, spec.Type), (h.FirstByte & HeaderBits.LongPacketType) >> 4);
            // Nothing is protected yet, so the post-HP helpers apply directly.
            Assert.Equal(spec.PnLength, HeaderBits.GetPacketNumberLength(h.FirstByte));
            Assert.True(HeaderBits.AreReservedBitsZero(h.FirstByte));
            ulong mask = spec.PnLength == 4 ? uint.MaxValue : (1UL << (8 * spec.PnLength)) - 1;
            Assert.Equal(spec.PacketNumber & mask, PacketNumberEncoding.ReadTruncated(packet.AsSpan(h.PacketNumberOffset), spec.PnLength));
            Assert.Equal(spec.Payload, packet[(h.PacketNumberOffset + spec.PnLength)..]);
        }, seed: PacketGens.Seed);
    }

    [Fact]
    public void Short_headers_round_trip()
    {
        PacketGens.Short(PacketGens.Cid).Sample(spec =>
        {
            byte[] packet = spec.Build();
            Assert.True(PacketHeaderParser.TryParse(packet, spec.Dcid.Length, out var h), spec.ToString());

            Assert.False(h.IsLongHeader);
            Assert.Equal(PacketType.OneRtt, h.Type);
            Assert.Equal(spec.Dcid, h.DestinationConnectionId.ToArray());
            Assert.True(h.SourceConnectionId.IsEmpty);
            Assert.Equal(1 + spec.Dcid.Length, h.PacketNumberOffset);
            Assert.Equal(packet.Length, h.PacketLength);
            Assert.Equal(spec.Spin, HeaderBits.GetSpinBit(h.FirstByte));
            Assert.Equal(spec.KeyPhase, HeaderBits.GetKeyPhase(h.FirstByte));
            Assert.Equal(spec.PnLength, HeaderBits.GetPacketNumberLength(h.FirstByte));
            Assert.True(HeaderBits.AreReservedBitsZero(h.FirstByte));
            Assert.True((h.FirstByte & HeaderBits.FixedBit) != 0);
            ulong mask = spec.PnLength == 4 ? uint.MaxValue : (1UL << (8 * spec.PnLength)) - 1;
            Assert.Equal(spec.PacketNumber & mask, PacketNumberEncoding.ReadTruncated(packet.AsSpan(h.PacketNumberOffset), spec.PnLength));
        }, seed: PacketGens.Seed);
    }

    [Fact]
    public void Version_negotiation_round_trips_with_swapped_ids()
    {
        // RFC 8999 allows any CID up to 255 bytes in VN, so go past v1's 20.
        var cid = Gen.Byte.Array[0, 255];
        Gen.Select(cid, cid, Gen.UInt.Array[1, 20], Gen.Byte).Sample((receivedDcid, receivedScid, versions, unused) =>
        {
            var buffer = new byte[VersionNegotiationPacket.GetLength(receivedDcid.Length, receivedScid.Length, versions.Length)];
            Assert.Equal(buffer.Length, VersionNegotiationPacket.Write(buffer, unused, receivedDcid, receivedScid, versions));

            Assert.Equal(0xc0, buffer[0] & 0xc0); // long form, and the fixed bit a VN SHOULD set (RFC 9000 §17.2.1)
            Assert.True(PacketHeaderParser.TryParse(buffer, 8, out var h));
            Assert.True(h.IsVersionNegotiation);
            Assert.False(h.IsUnsupportedVersion);
            Assert.False(h.HasPacketNumber);
            Assert.Equal(buffer.Length, h.PacketLength);

            Assert.True(VersionNegotiationPacket.TryParse(h.Packet, out var vn));
            Assert.Equal(receivedScid, vn.DestinationConnectionId.ToArray());
            Assert.Equal(receivedDcid, vn.SourceConnectionId.ToArray());
            Assert.Equal(versions.Length, vn.SupportedVersions.Count);
            var decoded = new List<uint>();
            foreach (uint v in vn.SupportedVersions) decoded.Add(v);
            Assert.Equal(versions, decoded);
            Assert.True(vn.SupportedVersions.Contains(versions[^1]));
            Assert.Equal(versions[0], vn.SupportedVersions[0]);
        }, seed: PacketGens.Seed);
    }

    [Fact]
    public void Retry_round_trips()
    {
        Gen.Select(PacketGens.Version, PacketGens.Cid, PacketGens.Cid, Gen.Byte.Array[1, 200], Gen.Byte.Array[16], Gen.Byte)
            .Sample((version, dcid, scid, token, tag, unused) =>
            {
                var buffer = new byte[RetryPacket.GetLength(dcid.Length, scid.Length, token.Length)];
                Assert.Equal(buffer.Length, RetryPacket.Write(buffer, version, unused, dcid, scid, token, tag));

                Assert.True(PacketHeaderParser.TryParse(buffer, 0, out var h));
                Assert.Equal(PacketType.Retry, h.Type);
                Assert.Equal(version, h.Version);
                Assert.Equal(token, h.Token.ToArray());
                Assert.Equal(unused & 0x0f, h.FirstByte & 0x0f);

                Assert.True(RetryPacket.TryParse(h.Packet, out var retry));
                Assert.Equal(version, retry.Version);
                Assert.Equal(dcid, retry.DestinationConnectionId.ToArray());
                Assert.Equal(scid, retry.SourceConnectionId.ToArray());
                Assert.Equal(token, retry.Token.ToArray());
                Assert.Equal(tag, retry.IntegrityTag.ToArray());
                Assert.Equal(buffer[..^16], retry.TaggedContent.ToArray());
            }, seed: PacketGens.Seed);
    }

    [Fact]
    public void Coalesced_packets_split_back_into_their_parts()
    {
        // RFC 9000 §12.2: same DCID throughout, long headers first, an optional short header last.
        var datagram = Gen.Int[0, 20].SelectMany(cidLength => Gen.Byte.Array[cidLength].SelectMany(dcid =>
            Gen.Select(PacketGens.Long(Gen.Const(dcid)).Array[0, 4], Gen.Bool, PacketGens.Short(Gen.Const(dcid)),
                (longs, withShort, shortSpec) => (cidLength, longs, shortSpec: withShort ? shortSpec : null))));
        datagram.Sample(d =>
        {
            var parts = d.longs.Select(s => s.Build()).ToList();
            if (d.shortSpec is not null) parts.Add(d.shortSpec.Build());
            byte[] bytes = parts.SelectMany(p => p).ToArray();

            var splitter = new DatagramSplitter(bytes, d.cidLength);
            int i = 0, offset = 0;
            while (splitter.MoveNext())
            {
                var h = splitter.Current;
                Assert.True(i < parts.Count);
                Assert.Equal(parts[i], h.Packet.ToArray());
                Assert.Equal(i < d.longs.Length ? d.longs[i].Type : PacketType.OneRtt, h.Type);
                offset += h.PacketLength;
                i++;
            }
            Assert.Equal(parts.Count, i);
            Assert.Equal(bytes.Length, offset);
            Assert.False(splitter.DroppedRemainder);
            Assert.Equal(0, splitter.SkippedPackets);
        }, seed: PacketGens.Seed);
    }
}
