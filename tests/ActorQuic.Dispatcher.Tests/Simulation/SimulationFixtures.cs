using System.Buffers.Binary;
using System.Net;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;

namespace ActorQuic.Dispatcher.Tests.Simulation;

/// <summary>Shared helpers: a stand-alone virtual-time scheduler, numbered payloads, QUIC-shaped datagrams.</summary>
internal static class SimulationFixtures
{
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Parse("127.0.0.1"), 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("127.0.0.2"), 50_000);

    /// <summary>Akka's TestScheduler without an ActorSystem: time moves only on Advance.</summary>
    public static TestScheduler NewScheduler() => new(ConfigurationFactory.Empty, NoLogger.Instance);

    public static byte[] Numbered(int sequence, int size = 64)
    {
        var data = new byte[size];
        new Random(sequence).NextBytes(data);
        BinaryPrimitives.WriteInt32BigEndian(data, sequence);
        return data;
    }

    public static int SequenceOf(byte[] data) => BinaryPrimitives.ReadInt32BigEndian(data);

    private static readonly byte[] Dcid = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly byte[] Scid = [9, 10, 11, 12];

    /// <summary>A long-header packet with an unprotected header and a filler payload: enough for pass-1 parsing.</summary>
    public static byte[] LongPacket(PacketType type, int payloadLength = 40, uint version = QuicVersion.V1, ulong packetNumber = 0)
    {
        int headerLength = LongHeaderWriter.GetHeaderLength(type, Dcid.Length, Scid.Length, 0, 2);
        var packet = new byte[headerLength + payloadLength];
        int pnOffset = LongHeaderWriter.Write(packet, version, type, Dcid, Scid, [], packetNumber, 2);
        LongHeaderWriter.PatchLength(packet, pnOffset, packet.Length);
        packet.AsSpan(headerLength).Fill(0xAA);
        return packet;
    }

    public static byte[] ShortPacket(int payloadLength = 40)
    {
        var packet = new byte[ShortHeaderWriter.GetHeaderLength(Dcid.Length, 2) + payloadLength];
        ShortHeaderWriter.Write(packet, Dcid, 7, 2, spinBit: false, keyPhase: false);
        return packet;
    }

    public static byte[] Coalesce(params byte[][] packets) => packets.SelectMany(p => p).ToArray();
}
