using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Packets;

/// <summary>A long-header packet with a Length field, as the tests want it built.</summary>
internal sealed record LongSpec(
    uint Version, PacketType Type, byte[] Dcid, byte[] Scid, byte[] Token, ulong PacketNumber, int PnLength, byte[] Payload)
{
    /// <summary>Writes the header, the payload after it, and patches the Length field.</summary>
    public byte[] Build()
    {
        var buffer = new byte[LongHeaderWriter.GetHeaderLength(Type, Dcid.Length, Scid.Length, Token.Length, PnLength) + Payload.Length];
        int pnOffset = LongHeaderWriter.Write(buffer, Version, Type, Dcid, Scid, Token, PacketNumber, PnLength);
        Payload.CopyTo(buffer, pnOffset + PnLength);
        LongHeaderWriter.PatchLength(buffer, pnOffset, buffer.Length);
        return buffer;
    }

    public override string ToString() =>
        $"{Type} v=0x{Version:x8} dcid={Convert.ToHexString(Dcid)} scid={Convert.ToHexString(Scid)} token={Token.Length}B pn={PacketNumber}/{PnLength} payload={Payload.Length}B";
}

/// <summary>A 1-RTT packet as the tests want it built.</summary>
internal sealed record ShortSpec(byte[] Dcid, ulong PacketNumber, int PnLength, bool Spin, bool KeyPhase, byte[] Payload)
{
    public byte[] Build()
    {
        var buffer = new byte[ShortHeaderWriter.GetHeaderLength(Dcid.Length, PnLength) + Payload.Length];
        int pnOffset = ShortHeaderWriter.Write(buffer, Dcid, PacketNumber, PnLength, Spin, KeyPhase);
        Payload.CopyTo(buffer, pnOffset + PnLength);
        return buffer;
    }

    public override string ToString() =>
        $"1-RTT dcid={Convert.ToHexString(Dcid)} pn={PacketNumber}/{PnLength} spin={Spin} kp={KeyPhase} payload={Payload.Length}B";
}

/// <summary>CsCheck generators for valid packets, and a seeded System.Random twin for bulk fuzzing.</summary>
internal static class PacketGens
{
    public const string Seed = "0N0XIzNsQ0O2";

    public static readonly Gen<uint> Version = Gen.OneOf(QuicVersion.V1, QuicVersion.V2);
    public static readonly Gen<byte[]> Cid = Gen.Byte.Array[0, ConnectionId.MaxLength];
    public static readonly Gen<int> PnLength = Gen.Int[1, 4];
    public static readonly Gen<ulong> PacketNumber = Gen.ULong[0, PacketNumberEncoding.MaxPacketNumber];
    // At least a full header protection sample past a 4-byte packet number (RFC 9001 §5.4.2).
    public static readonly Gen<byte[]> Payload = Gen.Byte.Array[PacketHeaderParser.MinProtectedLength, 400];

    public static Gen<LongSpec> Long(Gen<byte[]> dcid) =>
        Gen.Select(Version, Gen.OneOf(PacketType.Initial, PacketType.ZeroRtt, PacketType.Handshake), dcid, Cid,
            Gen.Byte.Array[0, 100], PacketNumber, PnLength, Payload)
        .Select(t => new LongSpec(t.Item1, t.Item2, t.Item3, t.Item4,
            t.Item2 == PacketType.Initial ? t.Item5 : [], t.Item6, t.Item7, t.Item8));

    public static readonly Gen<LongSpec> AnyLong = Long(Cid);

    public static Gen<ShortSpec> Short(Gen<byte[]> dcid) =>
        Gen.Select(dcid, PacketNumber, PnLength, Gen.Bool, Gen.Bool, Payload)
            .Select(t => new ShortSpec(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6));

    // --- the same, from System.Random, for the 100k-datagram fuzz loop ------------------------

    public static byte[] Bytes(Random rng, int min, int max)
    {
        var b = new byte[rng.Next(min, max + 1)];
        rng.NextBytes(b);
        return b;
    }

    public static LongSpec RandomLong(Random rng, byte[] dcid, PacketType type) => new(
        rng.Next(2) == 0 ? QuicVersion.V1 : QuicVersion.V2, type, dcid, Bytes(rng, 0, 20),
        type == PacketType.Initial ? Bytes(rng, 0, 40) : [],
        (ulong)rng.NextInt64(0, 1L << 40), rng.Next(1, 5), Bytes(rng, PacketHeaderParser.MinProtectedLength, 200));

    public static ShortSpec RandomShort(Random rng, byte[] dcid) =>
        new(dcid, (ulong)rng.NextInt64(0, 1L << 40), rng.Next(1, 5), rng.Next(2) == 0, rng.Next(2) == 0, Bytes(rng, PacketHeaderParser.MinProtectedLength, 200));
}
