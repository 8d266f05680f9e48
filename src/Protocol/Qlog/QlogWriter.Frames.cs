using System.Buffers.Binary;
using System.Text;
using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// The QUIC frames of quic-events 0.3 §8.12 as JSON objects in the open "frames" array, one
/// method per frame type (called by <see cref="QlogFrameWriter"/> and <see cref="QlogPacketHandler{TInner}"/>).
/// </summary>
public sealed partial class QlogWriter
{
    internal void WriteFrame(in PaddingFrame frame)
    {
        // §8.12.1: one PaddingFrame for the whole run, its size in payload_length.
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "padding"u8);
        _json.WriteNumber("length"u8, frame.Length);
        _json.WriteNumber("payload_length"u8, frame.Length);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in PingFrame frame) => WriteBare("ping"u8);

    internal void WriteFrame(in AckFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "ack"u8);
        // RFC 9000 §19.3: the field is scaled by the sender's ack_delay_exponent; qlog wants ms.
        ulong micros = frame.GetAckDelayMicroseconds(Math.Clamp(_frameAckDelayExponent, 0, 20));
        _json.WriteNumber("ack_delay"u8, Math.Round(micros / 1000.0, 3));
        // §8.12.3: [from, to] per range, [n] for a single packet; any order.
        _json.WriteStartArray("acked_ranges"u8);
        foreach (var range in frame.GetRanges())
        {
            _json.WriteStartArray();
            _json.WriteNumberValue(range.Smallest);
            if (range.Largest != range.Smallest) _json.WriteNumberValue(range.Largest);
            _json.WriteEndArray();
        }
        _json.WriteEndArray();
        if (frame.Ecn is { } ecn)
        {
            _json.WriteNumber("ect1"u8, ecn.Ect1);
            _json.WriteNumber("ect0"u8, ecn.Ect0);
            _json.WriteNumber("ce"u8, ecn.Ce);
        }
        _json.WriteEndObject();
    }

    internal void WriteFrame(in ResetStreamFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "reset_stream"u8);
        _json.WriteNumber("stream_id"u8, frame.StreamId);
        _json.WriteNumber("error_code"u8, frame.ApplicationErrorCode);
        _json.WriteNumber("final_size"u8, frame.FinalSize);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in StopSendingFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "stop_sending"u8);
        _json.WriteNumber("stream_id"u8, frame.StreamId);
        _json.WriteNumber("error_code"u8, frame.ApplicationErrorCode);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in CryptoFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "crypto"u8);
        _json.WriteNumber("offset"u8, frame.Offset);
        _json.WriteNumber("length"u8, frame.Data.Length);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in NewTokenFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "new_token"u8);
        // §8.7 Token: its length only — a token vouches for the client's address (RFC 9000 §8.1.3).
        _json.WriteStartObject("token"u8);
        _json.WriteString("type"u8, "resumption"u8);
        _json.WriteNumber("length"u8, frame.Token.Length);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    internal void WriteFrame(in StreamFrame frame)
    {
        // §8.12.8: offset and length always, fin only when set.
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "stream"u8);
        _json.WriteNumber("stream_id"u8, frame.StreamId);
        _json.WriteNumber("offset"u8, frame.Offset);
        _json.WriteNumber("length"u8, frame.Data.Length);
        if (frame.Fin) _json.WriteBoolean("fin"u8, true);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in MaxDataFrame frame) => WriteValue("max_data"u8, default, 0, "maximum"u8, frame.MaximumData);

    internal void WriteFrame(in MaxStreamDataFrame frame) =>
        WriteValue("max_stream_data"u8, "stream_id"u8, frame.StreamId, "maximum"u8, frame.MaximumStreamData);

    internal void WriteFrame(in MaxStreamsFrame frame) => WriteStreamLimit("max_streams"u8, frame.Bidirectional, "maximum"u8, frame.MaximumStreams);

    internal void WriteFrame(in DataBlockedFrame frame) => WriteValue("data_blocked"u8, default, 0, "limit"u8, frame.MaximumData);

    internal void WriteFrame(in StreamDataBlockedFrame frame) =>
        WriteValue("stream_data_blocked"u8, "stream_id"u8, frame.StreamId, "limit"u8, frame.MaximumStreamData);

    internal void WriteFrame(in StreamsBlockedFrame frame) => WriteStreamLimit("streams_blocked"u8, frame.Bidirectional, "limit"u8, frame.MaximumStreams);

    internal void WriteFrame(in NewConnectionIdFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "new_connection_id"u8);
        _json.WriteNumber("sequence_number"u8, frame.SequenceNumber);
        _json.WriteNumber("retire_prior_to"u8, frame.RetirePriorTo);
        _json.WriteNumber("connection_id_length"u8, frame.ConnectionId.Length);
        WriteHex("connection_id"u8, frame.ConnectionId.Span);
        WriteHex("stateless_reset_token"u8, frame.StatelessResetToken.Span);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in RetireConnectionIdFrame frame) =>
        WriteValue("retire_connection_id"u8, default, 0, "sequence_number"u8, frame.SequenceNumber);

    internal void WriteFrame(in PathChallengeFrame frame) => WritePathData("path_challenge"u8, frame.Data);

    internal void WriteFrame(in PathResponseFrame frame) => WritePathData("path_response"u8, frame.Data);

    internal void WriteFrame(in ConnectionCloseFrame frame)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "connection_close"u8);
        if (frame.IsApplicationError)
        {
            _json.WriteString("error_space"u8, "application"u8);
            _json.WriteNumber("error_code"u8, frame.ErrorCode);
        }
        else
        {
            _json.WriteString("error_space"u8, "transport"u8);
            WriteTransportError("error_code"u8, frame.ErrorCode);
        }
        _json.WriteNumber("raw_error_code"u8, frame.ErrorCode);
        if (!frame.ReasonPhrase.IsEmpty) _json.WriteString("reason"u8, Encoding.UTF8.GetString(frame.ReasonPhrase.Span));
        if (!frame.IsApplicationError) _json.WriteNumber("trigger_frame_type"u8, frame.TriggeringFrameType);
        _json.WriteEndObject();
    }

    internal void WriteFrame(in HandshakeDoneFrame frame) => WriteBare("handshake_done"u8);

    internal void WriteFrame(in DatagramFrame frame)
    {
        // RFC 9221 is not in quic-events 0.3; a QuicFrame may be any object (§8.12), so the later
        // drafts' name with the data's length.
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, "datagram"u8);
        _json.WriteNumber("length"u8, frame.Data.Length);
        _json.WriteEndObject();
    }

    private void WriteBare(ReadOnlySpan<byte> type)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, type);
        _json.WriteEndObject();
    }

    /// <summary>A frame of one or two numbers; <paramref name="idName"/> empty for none.</summary>
    private void WriteValue(ReadOnlySpan<byte> type, ReadOnlySpan<byte> idName, ulong id, ReadOnlySpan<byte> valueName, ulong value)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, type);
        if (!idName.IsEmpty) _json.WriteNumber(idName, id);
        _json.WriteNumber(valueName, value);
        _json.WriteEndObject();
    }

    private void WriteStreamLimit(ReadOnlySpan<byte> type, bool bidirectional, ReadOnlySpan<byte> valueName, ulong value)
    {
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, type);
        _json.WriteString("stream_type"u8, bidirectional ? "bidirectional"u8 : "unidirectional"u8);
        _json.WriteNumber(valueName, value);
        _json.WriteEndObject();
    }

    private void WritePathData(ReadOnlySpan<byte> type, ulong data)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, data);
        _json.WriteStartObject();
        _json.WriteString("frame_type"u8, type);
        WriteHex("data"u8, bytes);
        _json.WriteEndObject();
    }
}
