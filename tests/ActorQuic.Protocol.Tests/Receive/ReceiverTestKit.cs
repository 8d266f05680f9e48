using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>
/// Builds real protected packets the way a peer would (header writers, frame encoders,
/// <see cref="PacketProtection.Protect"/>) and holds matching key pairs: the peer's write keys
/// and a separate instance of the same keys for the receiver to own.
/// </summary>
internal static class ReceiverTestKit
{
    public static readonly byte[] ServerCid = [0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58];
    public static readonly byte[] ClientCid = [0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8];
    public static readonly byte[] OriginalDcid = [0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08];

    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Write keys for the test peer and an independent receiver copy of the same secret.</summary>
    public static (PacketProtection Send, PacketProtection Receive) KeyPair(int seed, CipherSuite suite = CipherSuite.Aes128GcmSha256, uint version = QuicVersion.V1)
    {
        var secret = new byte[suite.GetHashLength()];
        new Random(seed).NextBytes(secret);
        return (new PacketProtection(suite, secret, version), new PacketProtection(suite, secret, version));
    }

    /// <summary>Initial keys derived from <see cref="OriginalDcid"/> (RFC 9001 §5.2): the client's or the server's.</summary>
    public static (PacketProtection Send, PacketProtection Receive) InitialPair(bool fromClient, uint version = QuicVersion.V1)
    {
        var (c1, s1) = InitialSecrets.CreateProtection(version, OriginalDcid);
        var (c2, s2) = InitialSecrets.CreateProtection(version, OriginalDcid);
        if (fromClient)
        {
            s1.Dispose(); s2.Dispose();
            return (c1, c2);
        }
        c1.Dispose(); c2.Dispose();
        return (s1, s2);
    }

    public static PacketReceiverOptions ServerOptions() => new() { IsServer = true, LocalConnectionIdLength = ServerCid.Length };

    public static PacketReceiverOptions ClientOptions() => new()
    {
        IsServer = false,
        LocalConnectionIdLength = ClientCid.Length,
        OriginalDestinationConnectionId = new ConnectionId(OriginalDcid),
    };

    // ---- frames -----------------------------------------------------------------------

    public static byte[] Encode(params IFramePart[] frames)
    {
        int length = 0;
        foreach (var f in frames) length += f.Length;
        var buffer = new byte[length];
        var w = new QuicWriter(buffer);
        foreach (var f in frames) f.Write(ref w);
        return buffer;
    }

    public static IFramePart Ping() => new FramePart<PingFrame>(default);
    public static IFramePart Padding(int n) => new FramePart<PaddingFrame>(new PaddingFrame(n));
    public static IFramePart CryptoData(ulong offset, byte[] data) => new FramePart<CryptoFrame>(new CryptoFrame(offset, data));
    public static IFramePart Stream(ulong id, ulong offset, byte[] data, bool fin = false) => new FramePart<StreamFrame>(new StreamFrame(id, offset, data, fin));
    public static IFramePart HandshakeDone() => new FramePart<HandshakeDoneFrame>(default);
    public static IFramePart Ack(ulong largest, ulong smallest) => new AckPart([new AckRange(smallest, largest)]);

    internal interface IFramePart
    {
        int Length { get; }
        void Write(ref QuicWriter w);
    }

    private sealed class FramePart<T>(T frame) : IFramePart where T : struct
    {
        public int Length => frame switch
        {
            PingFrame f => f.GetEncodedLength(),
            PaddingFrame f => f.GetEncodedLength(),
            CryptoFrame f => f.GetEncodedLength(),
            StreamFrame f => f.GetEncodedLength(),
            HandshakeDoneFrame f => f.GetEncodedLength(),
            _ => throw new NotSupportedException(typeof(T).Name),
        };

        public void Write(ref QuicWriter w)
        {
            switch (frame)
            {
                case PingFrame f: f.Encode(ref w); break;
                case PaddingFrame f: f.Encode(ref w); break;
                case CryptoFrame f: f.Encode(ref w); break;
                case StreamFrame f: f.Encode(ref w); break;
                case HandshakeDoneFrame f: f.Encode(ref w); break;
                default: throw new NotSupportedException(typeof(T).Name);
            }
        }
    }

    private sealed class AckPart(AckRange[] ranges) : IFramePart
    {
        public int Length => AckFrame.GetEncodedLength(ranges, 0);
        public void Write(ref QuicWriter w) => AckFrame.Encode(ref w, ranges, 0);
    }

    // ---- packets ----------------------------------------------------------------------

    /// <summary>
    /// A protected long-header packet. The payload is padded so packet number plus payload
    /// leave a header protection sample (RFC 9001 §5.4.2). <paramref name="reservedBits"/> is
    /// OR-ed into the first byte before sealing, to produce authenticated but illegal headers.
    /// </summary>
    public static byte[] Long(
        PacketProtection keys, PacketType type, ulong pn, byte[] payload,
        byte[]? dcid = null, byte[]? scid = null, byte[]? token = null, int pnLength = 2, byte reservedBits = 0)
    {
        dcid ??= ClientCid;
        scid ??= ServerCid;
        payload = PadForSample(payload, pnLength);
        int headerLength = LongHeaderWriter.GetHeaderLength(type, dcid.Length, scid.Length, token?.Length ?? 0, pnLength);
        var packet = new byte[headerLength + payload.Length + PacketProtection.TagLength];
        int pnOffset = LongHeaderWriter.Write(packet, keys.Version, type, dcid, scid, token, pn, pnLength);
        payload.CopyTo(packet, pnOffset + pnLength);
        LongHeaderWriter.PatchLength(packet, pnOffset, packet.Length);
        packet[0] |= reservedBits;
        Assert.Equal(packet.Length, keys.Protect(packet, pnOffset, pnLength, pn, payload.Length));
        return packet;
    }

    /// <summary>A protected 1-RTT packet to <paramref name="dcid"/> (default <see cref="ClientCid"/>).</summary>
    public static byte[] Short(
        PacketProtection keys, ulong pn, byte[] payload, bool keyPhase = false,
        byte[]? dcid = null, int pnLength = 2, byte reservedBits = 0, bool spin = false)
    {
        dcid ??= ClientCid;
        payload = PadForSample(payload, pnLength);
        var packet = new byte[ShortHeaderWriter.GetHeaderLength(dcid.Length, pnLength) + payload.Length + PacketProtection.TagLength];
        int pnOffset = ShortHeaderWriter.Write(packet, dcid, pn, pnLength, spin, keyPhase);
        payload.CopyTo(packet, pnOffset + pnLength);
        packet[0] |= reservedBits;
        Assert.Equal(packet.Length, keys.Protect(packet, pnOffset, pnLength, pn, payload.Length));
        return packet;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(all, offset);
            offset += p.Length;
        }
        return all;
    }

    private static byte[] PadForSample(byte[] payload, int pnLength)
    {
        int needed = PacketProtection.MinPacketNumberAndPayloadLength - pnLength - payload.Length;
        if (needed <= 0) return payload;
        var padded = new byte[payload.Length + needed];
        payload.CopyTo(padded, 0);
        return padded; // trailing zeros are PADDING frames
    }

    /// <summary>Receives a copy (decryption is in place), with a fresh recording handler.</summary>
    public static DatagramReceiveResult Receive(this PacketReceiver receiver, byte[] datagram, TimeSpan now, Recording recording, bool ce = false)
    {
        var handler = new RecordingPacketHandler(recording);
        return receiver.Receive((byte[])datagram.Clone(), now, ref handler, ce);
    }

    public static DatagramReceiveResult Replay(this PacketReceiver receiver, TimeSpan now, Recording recording)
    {
        var handler = new RecordingPacketHandler(recording);
        return receiver.ReplayStashed(now, ref handler);
    }

    public static AckRange[] AckRanges(this PacketReceiver receiver, ActorQuic.Protocol.Recovery.PacketNumberSpace space, TimeSpan now)
    {
        var ranges = new AckRange[16];
        return receiver.TryBuildAck(space, now, ranges, out int count, out _) ? ranges[..count] : [];
    }
}
