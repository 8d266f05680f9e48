using System.Runtime.InteropServices;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Tests.Frames;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Hostile;

/// <summary>
/// Issue #2's hostile-input bar across the decoders as a receiver chains them: split a datagram,
/// parse headers, remove protection with the keys a receiver would hold, parse frames, and decode
/// transport parameters. Every input must end in "decoded", "dropped" (false from a Try method) or
/// the one protocol error type — never another exception — and allocate no more than a small
/// multiple of its own size.
/// </summary>
public class DatagramPipelineHostileTests
{
    private const int LocalCidLength = 8;
    private static readonly byte[] Dcid = Convert.FromHexString("8394c8f03e515708");
    private static readonly byte[] Scid = Convert.FromHexString("f067a5502a4262b5");

    [Fact]
    public void Mutated_and_random_datagrams_end_in_a_defined_outcome()
    {
        var random = new Random(20261123);
        using var keys = new ReceiverKeys();
        var valid = Enumerable.Range(0, 24).Select(i => BuildDatagram(keys, random, version: i % 2 == 0 ? QuicVersion.V1 : QuicVersion.V2)).ToArray();
        var outcomes = new Outcomes();

        // Warm up so one-time allocations (JIT, static caches, crypto providers) are not counted.
        foreach (var datagram in valid) Process((byte[])datagram.Clone(), keys, ref outcomes);
        outcomes = new Outcomes();

        const int cases = 100_000;
        for (int i = 0; i < cases; i++)
        {
            byte[] input = (i % 10) switch
            {
                0 => RandomBytes(random, random.Next(0, 1500)),
                1 => BuildDatagram(keys, random, random.Next(2) == 0 ? QuicVersion.V1 : QuicVersion.V2, mutatePlaintext: true),
                _ => Mutate(valid[random.Next(valid.Length)], random),
            };
            var pristine = (byte[])input.Clone(); // Process removes protection in place
            long allocated = Allocated(input, keys, ref outcomes);
            // What is allocated is the decoded values (transport parameters) and, per rejected
            // forgery or protocol error, one exception: linear in the input, never more (measured
            // worst case: 3 × input + 870 bytes). The first pass through a code path can also
            // allocate once for the runtime itself (the first throw of an exception type, lazy
            // statics), so a case over the bound is measured again on an identical copy.
            long bound = 3L * input.Length + 1024;
            if (allocated > bound)
            {
                var scratch = new Outcomes();
                allocated = Allocated(pristine, keys, ref scratch);
            }
            Assert.True(allocated <= bound, $"case {i}: {allocated} bytes allocated for a {input.Length}-byte datagram");
        }

        // The run reached every stage, so the outcomes above mean something.
        Assert.True(outcomes.FramesParsed > 10_000, $"frames parsed: {outcomes.FramesParsed}");
        Assert.True(outcomes.AuthenticationFailures > 10_000, $"auth failures: {outcomes.AuthenticationFailures}");
        Assert.True(outcomes.ProtocolErrors > 1_000, $"protocol errors: {outcomes.ProtocolErrors}");
        Assert.True(outcomes.UnparsableDatagrams > 1_000, $"dropped datagrams: {outcomes.UnparsableDatagrams}");
        Assert.True(outcomes.TransportParameterBlobs > 1_000, $"transport parameter blobs: {outcomes.TransportParameterBlobs}");
    }

    private static long Allocated(byte[] datagram, ReceiverKeys keys, ref Outcomes outcomes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Process(datagram, keys, ref outcomes);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>What a server's receiver does with one datagram, short of acting on the frames.</summary>
    private static void Process(byte[] datagram, ReceiverKeys keys, ref Outcomes outcomes)
    {
        var splitter = new DatagramSplitter(datagram, LocalCidLength);
        bool any = false;
        foreach (var header in splitter)
        {
            any = true;
            if (header.IsVersionNegotiation)
            {
                VersionNegotiationPacket.TryParse(header.Packet, out _);
                continue;
            }
            if (header.Type == PacketType.Retry)
            {
                if (RetryPacket.TryParse(header.Packet, out _))
                    RetryIntegrity.Verify(header.Version, Dcid, header.Packet.Span);
                continue;
            }
            if (!header.TryGetEncryptionLevel(out var level)) continue;
            var protection = keys.For(level, header.Version);
            if (protection is null) continue;

            // The datagram is ours (the receiver owns its buffer), so protection is removed in place.
            var packet = MemoryMarshal.AsMemory(header.Packet);
            if (!protection.TryUnprotect(packet.Span, header.PacketNumberOffset, -1, out _, out _, out var payload))
            {
                outcomes.AuthenticationFailures++;
                continue;
            }
            try
            {
                HeaderBits.EnsureReservedBitsZero(packet.Span[0]);
                var handler = new TransportParameterProbe();
                FrameParser.Parse(packet[payload], header.Type, ref handler);
                outcomes.FramesParsed += handler.Inner.Count;
                outcomes.TransportParameterBlobs += handler.Blobs;
                outcomes.ProtocolErrors += handler.Rejected;
            }
            catch (QuicProtocolException)
            {
                outcomes.ProtocolErrors++;
            }
        }
        if (!any) outcomes.UnparsableDatagrams++;
    }

    /// <summary>
    /// Counts frames, and treats every CRYPTO and DATAGRAM payload as a transport parameter blob
    /// (what the TLS layer hands over), so mutated bytes reach that decoder too.
    /// </summary>
    private struct TransportParameterProbe : IFrameHandler
    {
        public CountingHandler Inner;
        public int Blobs;
        public int Rejected;

        private void Decode(ReadOnlyMemory<byte> blob)
        {
            Blobs++;
            try
            {
                TransportParameters.Decode(blob.Span, (Blobs & 1) == 0 ? TransportParameterSender.Client : TransportParameterSender.Server);
            }
            catch (QuicProtocolException e) when (e.ErrorCode == TransportErrorCode.TransportParameterError)
            {
                Rejected++;
            }
        }

        public void OnCrypto(in CryptoFrame frame) { Inner.OnCrypto(frame); Decode(frame.Data); }
        public void OnDatagram(in DatagramFrame frame) { Inner.OnDatagram(frame); Decode(frame.Data); }
        public void OnPadding(in PaddingFrame frame) => Inner.OnPadding(frame);
        public void OnPing(in PingFrame frame) => Inner.OnPing(frame);
        public void OnAck(in AckFrame frame) => Inner.OnAck(frame);
        public void OnResetStream(in ResetStreamFrame frame) => Inner.OnResetStream(frame);
        public void OnStopSending(in StopSendingFrame frame) => Inner.OnStopSending(frame);
        public void OnNewToken(in NewTokenFrame frame) => Inner.OnNewToken(frame);
        public void OnStream(in StreamFrame frame) => Inner.OnStream(frame);
        public void OnMaxData(in MaxDataFrame frame) => Inner.OnMaxData(frame);
        public void OnMaxStreamData(in MaxStreamDataFrame frame) => Inner.OnMaxStreamData(frame);
        public void OnMaxStreams(in MaxStreamsFrame frame) => Inner.OnMaxStreams(frame);
        public void OnDataBlocked(in DataBlockedFrame frame) => Inner.OnDataBlocked(frame);
        public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => Inner.OnStreamDataBlocked(frame);
        public void OnStreamsBlocked(in StreamsBlockedFrame frame) => Inner.OnStreamsBlocked(frame);
        public void OnNewConnectionId(in NewConnectionIdFrame frame) => Inner.OnNewConnectionId(frame);
        public void OnRetireConnectionId(in RetireConnectionIdFrame frame) => Inner.OnRetireConnectionId(frame);
        public void OnPathChallenge(in PathChallengeFrame frame) => Inner.OnPathChallenge(frame);
        public void OnPathResponse(in PathResponseFrame frame) => Inner.OnPathResponse(frame);
        public void OnConnectionClose(in ConnectionCloseFrame frame) => Inner.OnConnectionClose(frame);
        public void OnHandshakeDone(in HandshakeDoneFrame frame) => Inner.OnHandshakeDone(frame);
    }

    private struct Outcomes
    {
        public long FramesParsed;
        public long AuthenticationFailures;
        public long ProtocolErrors;
        public long UnparsableDatagrams;
        public long TransportParameterBlobs;
    }

    /// <summary>The read keys a server holds mid-handshake: Initial (per version), Handshake and 1-RTT.</summary>
    private sealed class ReceiverKeys : IDisposable
    {
        private readonly PacketProtection _initialV1Client = InitialSecrets.CreateProtection(QuicVersion.V1, Dcid).Client;
        private readonly PacketProtection _initialV2Client = InitialSecrets.CreateProtection(QuicVersion.V2, Dcid).Client;
        public readonly PacketProtection Handshake = new(CipherSuite.Aes256GcmSha384, Enumerable.Repeat((byte)0x11, 48).ToArray(), QuicVersion.V1);
        public readonly PacketProtection OneRtt = new(CipherSuite.ChaCha20Poly1305Sha256, Enumerable.Repeat((byte)0x22, 32).ToArray(), QuicVersion.V1);

        public PacketProtection InitialFor(uint version) => version == QuicVersion.V2 ? _initialV2Client : _initialV1Client;

        public PacketProtection? For(EncryptionLevel level, uint version) => level switch
        {
            EncryptionLevel.Initial => InitialFor(version),
            EncryptionLevel.Handshake => Handshake,
            EncryptionLevel.OneRtt => OneRtt,
            _ => null,
        };

        public void Dispose()
        {
            _initialV1Client.Dispose();
            _initialV2Client.Dispose();
            Handshake.Dispose();
            OneRtt.Dispose();
        }
    }

    /// <summary>
    /// A client datagram: Initial (CRYPTO carrying transport parameters, padded to 1,200) +
    /// Handshake (ACK, CRYPTO) + 1-RTT (STREAM, MAX_DATA, NEW_CONNECTION_ID, DATAGRAM).
    /// With <paramref name="mutatePlaintext"/> the frame bytes are damaged before protection,
    /// so the garbage authenticates and reaches the frame and parameter decoders.
    /// </summary>
    private static byte[] BuildDatagram(ReceiverKeys keys, Random random, uint version, bool mutatePlaintext = false)
    {
        var buffer = new byte[1600];
        int offset = 0;

        var tp = new TransportParameters
        {
            InitialSourceConnectionId = new ConnectionId(Scid),
            InitialMaxData = (ulong)random.Next(1, 1 << 20),
            InitialMaxStreamsBidi = (ulong)random.Next(0, 100),
            MaxDatagramFrameSize = 1200,
        }.ToArray();

        var initialFrames = new byte[1100];
        var w = new QuicWriter(initialFrames);
        CryptoFrame.EncodeHeader(ref w, 0, tp.Length);
        w.WriteBytes(tp);
        w.WriteZeros(w.Remaining); // PADDING (RFC 9000 §19.1) so the datagram reaches 1,200 bytes
        offset += WriteLongPacket(buffer.AsSpan(offset), version, PacketType.Initial, keys.InitialFor(version), 0, Maybe(initialFrames, random, mutatePlaintext));

        var handshakeFrames = new byte[120];
        w = new QuicWriter(handshakeFrames);
        AckFrame.Encode(ref w, [new AckRange(5, 9), new AckRange(0, 2)], 3);
        CryptoFrame.EncodeHeader(ref w, 0, tp.Length);
        w.WriteBytes(tp);
        offset += WriteLongPacket(buffer.AsSpan(offset), version, PacketType.Handshake, keys.Handshake, 1, Maybe(handshakeFrames.AsSpan(0, w.Position).ToArray(), random, mutatePlaintext));

        var appFrames = new byte[200];
        w = new QuicWriter(appFrames);
        var data = RandomBytes(random, 40);
        new StreamFrame(4, 100, data, Fin: true).Encode(ref w);
        new MaxDataFrame(123456).Encode(ref w);
        new NewConnectionIdFrame(1, 0, new ConnectionId(Scid), StatelessResetToken.FromHex("00112233445566778899aabbccddeeff")).Encode(ref w);
        new DatagramFrame(tp).Encode(ref w);
        offset += WriteShortPacket(buffer.AsSpan(offset), keys.OneRtt, 7, Maybe(appFrames.AsSpan(0, w.Position).ToArray(), random, mutatePlaintext));
        return buffer.AsSpan(0, offset).ToArray();
    }

    private static int WriteLongPacket(Span<byte> destination, uint version, PacketType type, PacketProtection keys, ulong pn, byte[] frames)
    {
        int pnOffset = LongHeaderWriter.Write(destination, version, type, Dcid, Scid, ReadOnlySpan<byte>.Empty, pn, 2);
        int length = pnOffset + 2 + frames.Length + PacketProtection.TagLength;
        LongHeaderWriter.PatchLength(destination, pnOffset, length);
        frames.CopyTo(destination[(pnOffset + 2)..]);
        return keys.Protect(destination, pnOffset, 2, pn, frames.Length);
    }

    private static int WriteShortPacket(Span<byte> destination, PacketProtection keys, ulong pn, byte[] frames)
    {
        int pnOffset = ShortHeaderWriter.Write(destination, Dcid, pn, 2, spinBit: false, keyPhase: false);
        frames.CopyTo(destination[(pnOffset + 2)..]);
        return keys.Protect(destination, pnOffset, 2, pn, frames.Length);
    }

    private static byte[] Maybe(byte[] frames, Random random, bool mutate) => mutate ? MutateInPlace(frames, random) : frames;

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var copy = (byte[])valid.Clone();
        switch (random.Next(5))
        {
            case 0: return copy.AsSpan(0, random.Next(copy.Length)).ToArray(); // truncation
            case 1: // a header field: first byte, version, CID lengths, token/Length varints
                copy[random.Next(Math.Min(copy.Length, 30))] = (byte)random.Next(256);
                return copy;
            case 2: // trailing junk after the coalesced packets
                return [.. copy, .. RandomBytes(random, random.Next(1, 64))];
            default:
                return MutateInPlace(copy, random);
        }
    }

    /// <summary>Flips bits and overwrites bytes: a few or many.</summary>
    private static byte[] MutateInPlace(byte[] bytes, Random random)
    {
        if (bytes.Length == 0) return bytes;
        int edits = random.Next(2) == 0 ? 1 : random.Next(1, 16);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(bytes.Length);
            if (random.Next(2) == 0) bytes[at] ^= (byte)(1 << random.Next(8));
            else bytes[at] = (byte)random.Next(256);
        }
        return bytes;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
