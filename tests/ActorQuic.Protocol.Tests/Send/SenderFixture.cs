using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Tests.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Send;

/// <summary>One decrypted packet of a built datagram, with its frames decoded by <see cref="FrameParser"/>.</summary>
internal sealed record OpenedPacket(PacketType Type, ulong PacketNumber, int PacketNumberLength, bool KeyPhase, int Length, bool AckEliciting, List<object> Frames)
{
    public IEnumerable<StreamFrame> StreamFrames => Frames.OfType<StreamFrame>();
    public IEnumerable<CryptoFrame> CryptoFrames => Frames.OfType<CryptoFrame>();
}

/// <summary>
/// A sender (<see cref="OutgoingFrames"/> + <see cref="PacketAssembler"/>) with write keys,
/// and the peer's matching read keys to open what it builds: datagrams are split with
/// <see cref="DatagramSplitter"/>, unprotected with <see cref="PacketProtection"/> and parsed
/// with <see cref="FrameParser"/>, exactly as a receiver would.
/// </summary>
internal sealed class SenderFixture : IDisposable
{
    public static readonly ConnectionId Dcid = ConnectionId.FromHex("8394c8f03e515708");
    public static readonly ConnectionId Scid = ConnectionId.FromHex("c1c2c3c4");

    private readonly PacketProtection?[] _readKeys = new PacketProtection?[4];
    private readonly long[] _largestRead = [-1, -1, -1];
    private bool _readKeyPhase;

    public SenderFixture(bool isServer = false, ulong peerMaxData = 1 << 20, params EncryptionLevel[] levels)
    {
        IsServer = isServer;
        Frames = new OutgoingFrames(peerMaxData, streamBlockSize: 1024);
        Assembler = new PacketAssembler(isServer, Frames) { DestinationConnectionId = Dcid, SourceConnectionId = Scid };
        foreach (var level in levels) Install(level);
    }

    public bool IsServer { get; }

    public OutgoingFrames Frames { get; }

    public PacketAssembler Assembler { get; }

    /// <summary>Every packet built so far, in order.</summary>
    public List<SentPacket<SentFrames>> Sent { get; } = [];

    public void Install(EncryptionLevel level)
    {
        if (level == EncryptionLevel.Initial)
        {
            var (c1, s1) = InitialSecrets.CreateProtection(QuicVersion.V1, Dcid.Span);
            var (c2, s2) = InitialSecrets.CreateProtection(QuicVersion.V1, Dcid.Span);
            Assembler.InstallKeys(level, IsServer ? s1 : c1);
            _readKeys[(int)level] = IsServer ? s2 : c2;
            (IsServer ? c1 : s1).Dispose();
            (IsServer ? c2 : s2).Dispose();
            return;
        }
        var secret = new byte[32];
        for (int i = 0; i < secret.Length; i++) secret[i] = (byte)(0x40 * (int)level + i);
        Assembler.InstallKeys(level, new PacketProtection(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V1));
        _readKeys[(int)level] = new PacketProtection(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V1);
    }

    /// <summary>Builds one datagram; empty when the assembler had nothing to send.</summary>
    public byte[] Build(TimeSpan now, SendBudget? budget = null)
    {
        var b = budget ?? SendBudget.Unlimited();
        var buffer = new byte[Math.Max(b.MaxDatagramSize, 1500)];
        int length = Assembler.BuildDatagram(buffer, now, b, Sent);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Builds datagrams until the assembler stops (bounded, to catch runaway loops).</summary>
    public List<byte[]> BuildAll(TimeSpan now, SendBudget? budget = null, int max = 10_000)
    {
        var datagrams = new List<byte[]>();
        for (int i = 0; i < max; i++)
        {
            var d = Build(now, budget);
            if (d.Length == 0) return datagrams;
            datagrams.Add(d);
        }
        throw new InvalidOperationException("the assembler never ran out of packets");
    }

    /// <summary>Splits, unprotects and parses a datagram as the peer would.</summary>
    public List<OpenedPacket> Open(byte[] datagram)
    {
        var result = new List<OpenedPacket>();
        var splitter = new DatagramSplitter(datagram, Dcid.Length);
        while (splitter.MoveNext())
        {
            var header = splitter.Current;
            Assert.True(header.TryGetEncryptionLevel(out var level));
            var packet = header.Packet.ToArray();
            var keys = _readKeys[(int)level] ?? throw new InvalidOperationException($"no read keys for {level}");
            int space = (int)level.ToPacketNumberSpace();
            Assert.True(keys.TryRemoveHeaderProtection(packet, header.PacketNumberOffset, _largestRead[space], out ulong pn, out int pnLength));
            bool keyPhase = false;
            if (level == EncryptionLevel.OneRtt)
            {
                keyPhase = (packet[0] & HeaderBits.KeyPhase) != 0;
                if (keyPhase != _readKeyPhase)
                {
                    var next = keys.NextGeneration();
                    keys.Dispose();
                    _readKeys[(int)level] = keys = next;
                    _readKeyPhase = keyPhase;
                }
            }
            Assert.True(keys.TryOpen(packet, header.PacketNumberOffset, pnLength, pn, out var payload), $"{level} packet {pn} failed to open");
            _largestRead[space] = Math.Max(_largestRead[space], (long)pn);
            var handler = new RecordingHandler();
            bool ackEliciting = FrameParser.Parse(packet.AsMemory(payload), header.Type, ref handler);
            result.Add(new OpenedPacket(header.Type, pn, pnLength, keyPhase, packet.Length, ackEliciting, handler.Frames));
        }
        Assert.False(splitter.DroppedRemainder);
        Assert.Equal(0, splitter.SkippedPackets);
        return result;
    }

    /// <summary>Reports every packet built so far and not yet reported as acknowledged.</summary>
    public void AckAll()
    {
        foreach (var p in Sent) Assembler.OnPacketAcked(p);
        Sent.Clear();
    }

    public void Ack(SentPacket<SentFrames> packet)
    {
        Assembler.OnPacketAcked(packet);
        Sent.Remove(packet);
    }

    public void Lose(SentPacket<SentFrames> packet)
    {
        Assembler.OnPacketLost(packet);
        Sent.Remove(packet);
    }

    public List<SenderEvent> DrainEvents()
    {
        var events = new List<SenderEvent>();
        Frames.DrainEvents(events);
        return events;
    }

    public void Dispose()
    {
        Assembler.Dispose();
        Frames.Dispose();
        foreach (var k in _readKeys) k?.Dispose();
    }
}
