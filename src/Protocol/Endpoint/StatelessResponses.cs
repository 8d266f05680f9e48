using System.Buffers.Binary;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Builds the packets an endpoint sends without connection state: Version Negotiation,
/// Retry, an Initial CONNECTION_CLOSE and Stateless Reset. Each returns a fresh array the
/// decision owns; these replies are rare enough that pooling would only add ownership rules.
/// </summary>
internal static class StatelessResponses
{
    /// <summary>5 bytes of fixed bits plus at least 38 unpredictable bits, then the 16-byte token (RFC 9000 §10.3).</summary>
    public const int MinStatelessResetLength = 21;

    /// <summary>
    /// Resets shorter than 41 bytes might be recognisable (RFC 9000 §10.3.3); 42 also covers a
    /// 20-byte connection ID plus the smallest protected payload.
    /// </summary>
    public const int InconspicuousStatelessResetLength = 42;

    /// <summary>Up to this trigger size a reset SHOULD be exactly one byte shorter (RFC 9000 §10.3).</summary>
    public const int OneByteShorterUpTo = 43;

    public static byte[] VersionNegotiation(
        RandomBytesSource random, ReadOnlySpan<byte> receivedDcid, ReadOnlySpan<byte> receivedScid, ReadOnlySpan<uint> versions)
    {
        var packet = new byte[VersionNegotiationPacket.GetLength(receivedScid.Length, receivedDcid.Length, versions.Length)];
        Span<byte> unused = stackalloc byte[1];
        random(unused);
        // RFC 9000 §17.2.1: the 7 unused bits are arbitrary; the writer sets the form and fixed bits.
        VersionNegotiationPacket.Write(packet, (byte)(unused[0] & 0x3f), receivedDcid, receivedScid, versions);
        return packet;
    }

    /// <summary>
    /// A Retry (RFC 9000 §17.2.5) to the client's SCID, from <paramref name="retryScid"/>, with the
    /// integrity tag over the pseudo-packet keyed to the client's original DCID (RFC 9001 §5.8, RFC 9369 §3.3.3).
    /// </summary>
    public static byte[] Retry(
        RandomBytesSource random, uint version, ReadOnlySpan<byte> clientScid, ReadOnlySpan<byte> retryScid,
        ReadOnlySpan<byte> originalDcid, ReadOnlySpan<byte> token)
    {
        var packet = new byte[RetryPacket.GetLength(clientScid.Length, retryScid.Length, token.Length)];
        Span<byte> unused = stackalloc byte[1];
        random(unused);
        int length = RetryPacket.Write(packet, version, unused[0], clientScid, retryScid, token, integrityTag: default);
        RetryIntegrity.ComputeTag(version, originalDcid, packet.AsSpan(0, length - RetryIntegrity.TagLength),
            packet.AsSpan(length - RetryIntegrity.TagLength));
        return packet;
    }

    /// <summary>
    /// A protected Initial packet (packet number 0) carrying CONNECTION_CLOSE of type 0x1c
    /// (RFC 9000 §10.2.3: the only close allowed in Initial packets), sealed with the server Initial
    /// keys of <paramref name="clientDcid"/> so the client can open it (RFC 9001 §5.2). It is not
    /// ack-eliciting, so the 1200-byte padding rule does not apply (RFC 9000 §14.1); it is only
    /// padded up to the header protection sample (RFC 9001 §5.4.2), and stays far below 3x the
    /// 1200-byte datagram that triggered it (§8.1).
    /// </summary>
    public static byte[] InitialClose(
        uint version, ReadOnlySpan<byte> clientDcid, ReadOnlySpan<byte> clientScid, ReadOnlySpan<byte> serverScid,
        TransportErrorCode errorCode, ReadOnlyMemory<byte> reason)
    {
        const int pnLength = 1;
        var frame = ConnectionCloseFrame.ForTransportError(errorCode, 0, reason);
        int frameLength = frame.GetEncodedLength();
        int payloadLength = Math.Max(frameLength, PacketProtection.MinPacketNumberAndPayloadLength - pnLength);
        int headerLength = LongHeaderWriter.GetHeaderLength(PacketType.Initial, clientScid.Length, serverScid.Length, 0, pnLength);
        var packet = new byte[headerLength + payloadLength + PacketProtection.TagLength];

        int pnOffset = LongHeaderWriter.Write(packet, version, PacketType.Initial, clientScid, serverScid, token: default, 0, pnLength);
        var writer = new QuicWriter(packet.AsSpan(pnOffset + pnLength, payloadLength));
        frame.Encode(ref writer);
        writer.WriteZeros(writer.Remaining); // PADDING (RFC 9000 §19.1)
        LongHeaderWriter.PatchLength(packet, pnOffset, packet.Length);

        var (client, server) = InitialSecrets.CreateProtection(version, clientDcid);
        try
        {
            server.Protect(packet, pnOffset, pnLength, 0, payloadLength);
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
        return packet;
    }

    /// <summary>
    /// The size of the Stateless Reset to send in answer to a <paramref name="triggerLength"/>-byte
    /// datagram, or 0 for none. The rule (RFC 9000 §10.3, §10.3.3):
    /// <list type="bullet">
    /// <item>no reply unless the trigger is at least a minimal short-header packet for our CID length
    /// (1 + CID + 20 bytes for the header protection sample, RFC 9001 §5.4.2; anything smaller is
    /// invalid and discarded) and at least 22 bytes, so the reply can be shorter yet still 21;</item>
    /// <item>the reply is always smaller than the trigger, so two endpoints resetting each other shrink
    /// every round and stop at the floor (no loop);</item>
    /// <item>for triggers up to 43 bytes: exactly one byte shorter (§10.3 SHOULD);</item>
    /// <item>above: a random size from 42 to min(trigger - 1, <paramref name="maxLength"/>).</item>
    /// </list>
    /// </summary>
    public static int GetStatelessResetLength(int triggerLength, int localCidLength, int maxLength, RandomBytesSource random)
    {
        int minTrigger = Math.Max(1 + localCidLength + PacketHeaderParser.MinProtectedLength, MinStatelessResetLength + 1);
        if (triggerLength < minTrigger)
            return 0;
        int upper = Math.Min(triggerLength - 1, maxLength);
        if (triggerLength <= OneByteShorterUpTo || upper <= InconspicuousStatelessResetLength)
            return Math.Max(upper, MinStatelessResetLength);
        Span<byte> r = stackalloc byte[2];
        random(r);
        int span = upper - InconspicuousStatelessResetLength + 1;
        return InconspicuousStatelessResetLength + BinaryPrimitives.ReadUInt16BigEndian(r) % span;
    }

    /// <summary>
    /// A Stateless Reset (RFC 9000 §10.3): 0b01 then unpredictable bits, then the token our
    /// generator derives from the connection ID the trigger was sent to (§10.3.2).
    /// </summary>
    public static byte[] StatelessReset(int length, ReadOnlySpan<byte> connectionId,
        StatelessResetTokenGenerator generator, RandomBytesSource random)
    {
        var packet = new byte[length];
        int tokenOffset = length - StatelessResetTokenGenerator.TokenLength;
        random(packet.AsSpan(0, tokenOffset));
        // Looks like a short header: form 0, fixed bit 1 (§10.3 "Fixed Bits (2) = 1").
        packet[0] = (byte)((packet[0] & 0x3f) | HeaderBits.FixedBit);
        generator.Generate(connectionId, packet.AsSpan(tokenOffset));
        return packet;
    }
}
