using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Packets;

public class DatagramSplitterTests
{
    private static readonly byte[] Dcid = Convert.FromHexString("0102030405060708");
    private static readonly byte[] Scid = Convert.FromHexString("a1a2a3a4");
    private static readonly byte[] Payload = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();

    private static byte[] Long(PacketType type, byte[] dcid, byte[]? payload = null, uint version = QuicVersion.V1) =>
        new LongSpec(version, type, dcid, Scid, type == PacketType.Initial ? [9, 9] : [], 7, 2, payload ?? Payload).Build();

    private static byte[] Short(byte[] dcid) => new ShortSpec(dcid, 7, 2, false, true, Payload).Build();

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Splits_initial_handshake_and_one_rtt(uint version)
    {
        byte[] initial = Long(PacketType.Initial, Dcid, version: version);
        byte[] handshake = Long(PacketType.Handshake, Dcid, version: version);
        byte[] oneRtt = Short(Dcid);
        byte[] datagram = Concat(initial, handshake, oneRtt);

        var seen = new List<(PacketType, int, int)>();
        foreach (var h in new DatagramSplitter(datagram, Dcid.Length))
            seen.Add((h.Type, h.PacketLength, h.PacketNumberOffset));

        Assert.Equal(
            [(PacketType.Initial, initial.Length, initial.Length - 42),
             (PacketType.Handshake, handshake.Length, handshake.Length - 42),
             (PacketType.OneRtt, oneRtt.Length, 1 + Dcid.Length)],
            seen);
    }

    [Fact]
    public void Packets_are_zero_copy_slices_of_the_datagram()
    {
        byte[] datagram = Concat(Long(PacketType.Initial, Dcid), Short(Dcid));
        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        Assert.True(splitter.MoveNext());
        Assert.True(splitter.MoveNext());
        var h = splitter.Current;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(h.Packet, out var segment));
        Assert.Same(datagram, segment.Array);
        Assert.Equal(datagram.Length - h.PacketLength, segment.Offset);
    }

    [Fact]
    public void Trailing_junk_drops_only_the_remainder()
    {
        // Zero bytes look like a short header without the fixed bit: not a packet (RFC 9000 §17.3.1).
        byte[] datagram = Concat(Long(PacketType.Initial, Dcid), new byte[30]);
        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        Assert.True(splitter.MoveNext());
        Assert.Equal(PacketType.Initial, splitter.Current.Type);
        Assert.False(splitter.MoveNext());
        Assert.True(splitter.DroppedRemainder);
        Assert.False(splitter.MoveNext());
    }

    [Fact]
    public void Packets_for_another_connection_id_are_skipped()
    {
        // RFC 9000 §12.2: receivers SHOULD ignore coalesced packets with a different DCID.
        byte[] other = Convert.FromHexString("ffffffffffffffff");
        byte[] datagram = Concat(Long(PacketType.Initial, Dcid), Long(PacketType.Handshake, other), Short(Dcid));
        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        var types = new List<PacketType>();
        while (splitter.MoveNext()) types.Add(splitter.Current.Type);
        Assert.Equal([PacketType.Initial, PacketType.OneRtt], types);
        Assert.Equal(1, splitter.SkippedPackets);
        Assert.False(splitter.DroppedRemainder);
    }

    [Fact]
    public void Packets_too_short_to_sample_are_skipped_but_the_rest_is_kept()
    {
        // Length 2 + 3 = 5 < 20: no complete header protection sample (RFC 9001 §5.4.2). Its end is
        // still known, so the Handshake packet after it is processed (RFC 9000 §12.2).
        byte[] tiny = Long(PacketType.Initial, Dcid, payload: [1, 2, 3]);
        Assert.False(PacketHeaderParser.TryParse(tiny, 8, out _));
        byte[] datagram = Concat(tiny, Long(PacketType.Handshake, Dcid));

        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        Assert.True(splitter.MoveNext());
        Assert.Equal(PacketType.Handshake, splitter.Current.Type);
        Assert.False(splitter.MoveNext());
        Assert.Equal(1, splitter.SkippedPackets);
        Assert.Equal(datagram.Length, splitter.Offset);
    }

    [Fact]
    public void Length_running_past_the_datagram_drops_everything_from_there()
    {
        byte[] first = Long(PacketType.Initial, Dcid);
        byte[] second = Long(PacketType.Handshake, Dcid);
        byte[] datagram = Concat(first, second[..^1]);
        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        Assert.True(splitter.MoveNext());
        Assert.False(splitter.MoveNext());
        Assert.True(splitter.DroppedRemainder);
    }

    [Fact]
    public void Version_negotiation_and_retry_end_the_datagram()
    {
        var vn = new byte[VersionNegotiationPacket.GetLength(4, 8, 2)];
        VersionNegotiationPacket.Write(vn, 0x15, Dcid, Scid, [QuicVersion.V1, QuicVersion.V2]);
        var splitter = new DatagramSplitter(vn, 4);
        Assert.True(splitter.MoveNext());
        Assert.True(splitter.Current.IsVersionNegotiation);
        Assert.Equal(vn.Length, splitter.Current.PacketLength);
        Assert.False(splitter.MoveNext());
        Assert.False(splitter.DroppedRemainder);
    }

    [Fact]
    public void Empty_datagram_yields_nothing()
    {
        var splitter = new DatagramSplitter(ReadOnlyMemory<byte>.Empty, 8);
        Assert.False(splitter.MoveNext());
        Assert.False(splitter.DroppedRemainder);
    }
}
