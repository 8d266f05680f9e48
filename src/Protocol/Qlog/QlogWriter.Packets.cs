using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Qlog;

public sealed partial class QlogWriter
{
    // The plaintext of a sent packet, copied before it is encrypted in place: FrameParser takes
    // memory, the sender has a span. Grown once to the largest packet, then reused.
    private byte[] _payloadCopy = [];
    private int _frameAckDelayExponent = Transport.TransportParameters.DefaultAckDelayExponent;

    /// <summary>
    /// transport:packet_sent (quic-events 0.3 §5.5) for a packet about to be protected: its frames
    /// are decoded back from <paramref name="plaintextPayload"/> with the same parser the receiver
    /// uses, so the log shows exactly what went on the wire.
    /// </summary>
    /// <param name="length">The whole packet on the wire: header, payload and AEAD tag.</param>
    /// <param name="destinationConnectionId">Logged for long headers only (1-RTT: see connection_id_updated).</param>
    public void PacketSent(TimeSpan now, PacketType type, ulong packetNumber, int length,
        ConnectionId destinationConnectionId, ConnectionId sourceConnectionId, ReadOnlySpan<byte> plaintextPayload)
    {
        Begin(now, "transport:packet_sent"u8);
        WriteHeader(type, packetNumber, destinationConnectionId.Span, sourceConnectionId.Span);
        _json.WriteStartArray("frames"u8);
        if (_payloadCopy.Length < plaintextPayload.Length) _payloadCopy = new byte[Math.Max(plaintextPayload.Length, 1500)];
        plaintextPayload.CopyTo(_payloadCopy);
        _frameAckDelayExponent = _trace.LocalAckDelayExponent;
        var frames = new QlogFrameWriter(this);
        try
        {
            FrameParser.Parse(_payloadCopy.AsMemory(0, plaintextPayload.Length), type, ref frames);
        }
        catch (QuicProtocolException)
        {
            // Our own packet did not parse back (a bug elsewhere): log the frames that did, the
            // packet still went out. The parser throws between frames, so the array is intact.
        }
        _json.WriteEndArray();
        WriteRaw(length, plaintextPayload.Length);
        End();
    }

    /// <summary>Starts transport:packet_received (quic-events 0.3 §5.6); frames follow, then <see cref="EndPacketReceived"/>.</summary>
    internal void BeginPacketReceived(TimeSpan now, in ReceivedPacket packet)
    {
        Begin(now, "transport:packet_received"u8);
        WriteHeader(packet.Type, packet.PacketNumber, packet.DestinationConnectionId.Span, packet.SourceConnectionId.Span);
        _json.WriteStartArray("frames"u8);
        _frameAckDelayExponent = _trace.PeerAckDelayExponent;
    }

    internal void EndPacketReceived(in ReceivedPacket packet)
    {
        if (!_open) return;
        _json.WriteEndArray();
        WriteRaw(packet.Length, payloadLength: null);
        End();
    }

    /// <summary>
    /// transport:packet_dropped (quic-events 0.3 §5.7): what is known of the packet (its type
    /// when the header parsed, its number when header protection came off) and why.
    /// </summary>
    public void PacketDropped(TimeSpan now, PacketType type, ulong? packetNumber, int length, QlogDropTrigger trigger)
    {
        Begin(now, "transport:packet_dropped"u8);
        _json.WriteStartObject("header"u8);
        _json.WriteString("packet_type"u8, PacketTypeName(type));
        if (packetNumber is { } pn) _json.WriteNumber("packet_number"u8, pn);
        _json.WriteEndObject();
        if (length > 0) WriteRaw(length, payloadLength: null);
        _json.WriteString("trigger"u8, trigger switch
        {
            QlogDropTrigger.KeyUnavailable => "key_unavailable"u8,
            QlogDropTrigger.PayloadDecryptError => "payload_decrypt_error"u8,
            QlogDropTrigger.Duplicate => "duplicate"u8,
            QlogDropTrigger.DosPrevention => "dos_prevention"u8,
            QlogDropTrigger.UnexpectedPacket => "unexpected_packet"u8,
            QlogDropTrigger.UnexpectedVersion => "unexpected_version"u8,
            QlogDropTrigger.InvalidInitial => "invalid_initial"u8,
            _ => "header_parse_error"u8,
        });
        End();
    }

    /// <summary>transport:packet_buffered (quic-events 0.3 §5.8): kept until its keys arrive (RFC 9001 §5.7).</summary>
    public void PacketBuffered(TimeSpan now, PacketType type, int length)
    {
        Begin(now, "transport:packet_buffered"u8);
        _json.WriteStartObject("header"u8);
        _json.WriteString("packet_type"u8, PacketTypeName(type));
        _json.WriteEndObject();
        WriteRaw(length, payloadLength: null);
        _json.WriteString("trigger"u8, "keys_unavailable"u8);
        End();
    }

    /// <summary>PacketHeader (quic-events 0.3 §8.6): CIDs only where the header carries both, i.e. long headers.</summary>
    private void WriteHeader(PacketType type, ulong packetNumber, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid)
    {
        _json.WriteStartObject("header"u8);
        _json.WriteString("packet_type"u8, PacketTypeName(type));
        _json.WriteNumber("packet_number"u8, packetNumber);
        if (type != PacketType.OneRtt)
        {
            WriteHex("dcid"u8, dcid);
            WriteHex("scid"u8, scid);
        }
        _json.WriteEndObject();
    }

    /// <summary>RawInfo (main schema 0.3): the packet's length on the wire and, when known, its plaintext payload's.</summary>
    private void WriteRaw(int length, int? payloadLength)
    {
        _json.WriteStartObject("raw"u8);
        _json.WriteNumber("length"u8, length);
        if (payloadLength is { } p) _json.WriteNumber("payload_length"u8, p);
        _json.WriteEndObject();
    }
}
