using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Decodes a decrypted packet payload frame by frame (RFC 9000 §12.4) and hands each frame to
/// a struct handler. Nothing is allocated on success; any malformed, unknown or misplaced
/// frame raises <see cref="QuicProtocolException"/> with the offending frame type.
/// </summary>
public static class FrameParser
{
    /// <summary>
    /// Parses every frame in <paramref name="payload"/>, a packet of <paramref name="packetType"/>.
    /// Returns whether the packet is ack-eliciting: it holds a frame other than ACK, PADDING
    /// or CONNECTION_CLOSE (RFC 9002 §2).
    /// </summary>
    /// <exception cref="QuicProtocolException">
    /// FRAME_ENCODING_ERROR for a malformed, truncated or unknown frame (RFC 9000 §12.4, §19);
    /// PROTOCOL_VIOLATION for an empty payload, a frame type not allowed in this packet type,
    /// or a frame type not in its shortest encoding (RFC 9000 §12.4).
    /// </exception>
    public static bool Parse<THandler>(ReadOnlyMemory<byte> payload, PacketType packetType, ref THandler handler)
        where THandler : struct, IFrameHandler =>
        Parse(payload, packetType, ref handler, out _);

    /// <summary>
    /// As <see cref="Parse{THandler}(ReadOnlyMemory{byte}, PacketType, ref THandler)"/>, also
    /// reporting whether the packet holds only probing frames (PADDING, PATH_CHALLENGE,
    /// PATH_RESPONSE, NEW_CONNECTION_ID; RFC 9000 §9.1), which decides whether a packet from a
    /// new address migrates the connection (RFC 9000 §9.3).
    /// </summary>
    public static bool Parse<THandler>(
        ReadOnlyMemory<byte> payload, PacketType packetType, ref THandler handler, out bool isProbingOnly)
        where THandler : struct, IFrameHandler
    {
        // RFC 9000 §12.4: a packet with no frames is a PROTOCOL_VIOLATION.
        if (payload.IsEmpty) FrameDecoding.ThrowProtocolViolation(0, "packet payload contains no frames");

        ulong allowed = FramePermissions.GetAllowedMask(packetType);
        ulong seen = 0; // bit n set once frame type n has appeared
        var r = new QuicReader(payload);
        while (!r.IsEnd)
        {
            FrameType type = ReadFrameType(ref r, allowed);
            seen |= 1UL << (int)type;
            switch (type)
            {
                case FrameType.Padding:
                {
                    var f = PaddingFrame.Decode(ref r);
                    handler.OnPadding(in f);
                    break;
                }
                case FrameType.Ping:
                {
                    var f = PingFrame.Decode(ref r);
                    handler.OnPing(in f);
                    break;
                }
                case FrameType.Ack or FrameType.AckEcn:
                {
                    var f = AckFrame.Decode(ref r, type);
                    handler.OnAck(in f);
                    break;
                }
                case FrameType.ResetStream:
                {
                    var f = ResetStreamFrame.Decode(ref r);
                    handler.OnResetStream(in f);
                    break;
                }
                case FrameType.StopSending:
                {
                    var f = StopSendingFrame.Decode(ref r);
                    handler.OnStopSending(in f);
                    break;
                }
                case FrameType.Crypto:
                {
                    var f = CryptoFrame.Decode(ref r);
                    handler.OnCrypto(in f);
                    break;
                }
                case FrameType.NewToken:
                {
                    var f = NewTokenFrame.Decode(ref r);
                    handler.OnNewToken(in f);
                    break;
                }
                case >= FrameType.Stream and <= FrameType.StreamOffLenFin:
                {
                    var f = StreamFrame.Decode(ref r, type);
                    handler.OnStream(in f);
                    break;
                }
                case FrameType.MaxData:
                {
                    var f = MaxDataFrame.Decode(ref r);
                    handler.OnMaxData(in f);
                    break;
                }
                case FrameType.MaxStreamData:
                {
                    var f = MaxStreamDataFrame.Decode(ref r);
                    handler.OnMaxStreamData(in f);
                    break;
                }
                case FrameType.MaxStreamsBidi or FrameType.MaxStreamsUni:
                {
                    var f = MaxStreamsFrame.Decode(ref r, type);
                    handler.OnMaxStreams(in f);
                    break;
                }
                case FrameType.DataBlocked:
                {
                    var f = DataBlockedFrame.Decode(ref r);
                    handler.OnDataBlocked(in f);
                    break;
                }
                case FrameType.StreamDataBlocked:
                {
                    var f = StreamDataBlockedFrame.Decode(ref r);
                    handler.OnStreamDataBlocked(in f);
                    break;
                }
                case FrameType.StreamsBlockedBidi or FrameType.StreamsBlockedUni:
                {
                    var f = StreamsBlockedFrame.Decode(ref r, type);
                    handler.OnStreamsBlocked(in f);
                    break;
                }
                case FrameType.NewConnectionId:
                {
                    var f = NewConnectionIdFrame.Decode(ref r);
                    handler.OnNewConnectionId(in f);
                    break;
                }
                case FrameType.RetireConnectionId:
                {
                    var f = RetireConnectionIdFrame.Decode(ref r);
                    handler.OnRetireConnectionId(in f);
                    break;
                }
                case FrameType.PathChallenge:
                {
                    var f = PathChallengeFrame.Decode(ref r);
                    handler.OnPathChallenge(in f);
                    break;
                }
                case FrameType.PathResponse:
                {
                    var f = PathResponseFrame.Decode(ref r);
                    handler.OnPathResponse(in f);
                    break;
                }
                case FrameType.ConnectionClose or FrameType.ConnectionCloseApplication:
                {
                    var f = ConnectionCloseFrame.Decode(ref r, type);
                    handler.OnConnectionClose(in f);
                    break;
                }
                case FrameType.HandshakeDone:
                {
                    var f = HandshakeDoneFrame.Decode(ref r);
                    handler.OnHandshakeDone(in f);
                    break;
                }
                case FrameType.Datagram or FrameType.DatagramWithLength:
                {
                    var f = DatagramFrame.Decode(ref r, type);
                    handler.OnDatagram(in f);
                    break;
                }
                default:
                    // ReadFrameType only returns known types; kept so a gap here cannot go unnoticed.
                    FrameDecoding.ThrowEncodingError(type, "unknown frame type");
                    break;
            }
        }

        isProbingOnly = (seen & ~FrameClassification.ProbingMask) == 0;
        return (seen & ~FrameClassification.NonAckElicitingMask) != 0;
    }

    /// <summary>
    /// Reads a frame type and checks it is known, minimally encoded and allowed here. All known
    /// types are below 64, so a one-byte varint is the only minimal encoding of any of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FrameType ReadFrameType(ref QuicReader r, ulong allowed)
    {
        int start = r.Position;
        if (!r.TryReadVarint(out ulong type)) FrameDecoding.ThrowTruncated(FrameType.Padding);
        if (r.Position - start != 1 || (allowed >> (int)type & 1) == 0) ThrowBadFrameType(type, r.Position - start);
        return (FrameType)type;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadFrameType(ulong type, int encodedLength)
    {
        // RFC 9000 §12.4: an unknown type is a FRAME_ENCODING_ERROR ...
        if (!FramePermissions.IsKnown(type))
            FrameDecoding.ThrowEncodingError((FrameType)type, "unknown frame type");
        // ... a longer-than-needed type encoding MAY be a PROTOCOL_VIOLATION ...
        if (encodedLength != 1)
            FrameDecoding.ThrowProtocolViolation(type, "frame type not in its shortest encoding");
        // ... and so MUST a frame in a packet type Table 3 does not allow it in.
        FrameDecoding.ThrowProtocolViolation(type, "frame type not allowed in this packet type");
    }
}
