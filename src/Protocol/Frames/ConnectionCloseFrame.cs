using System.Text;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// CONNECTION_CLOSE (RFC 9000 §19.19). Type 0x1c reports a QUIC-layer error and names the
/// frame type that caused it; type 0x1d reports an application error and has no frame type
/// field (<see cref="TriggeringFrameType"/> is then ignored when encoding, 0 when decoded).
/// When decoded, <see cref="ReasonPhrase"/> is a slice of the packet payload (no copy).
/// </summary>
public readonly record struct ConnectionCloseFrame(
    bool IsApplicationError,
    ulong ErrorCode,
    ulong TriggeringFrameType,
    ReadOnlyMemory<byte> ReasonPhrase)
{
    public FrameType Type => IsApplicationError ? FrameType.ConnectionCloseApplication : FrameType.ConnectionClose;

    /// <summary>A QUIC-layer close (type 0x1c); frame type 0 means unknown (RFC 9000 §19.19).</summary>
    public static ConnectionCloseFrame ForTransportError(
        TransportErrorCode errorCode, ulong triggeringFrameType = 0, ReadOnlyMemory<byte> reasonPhrase = default) =>
        new(false, (ulong)errorCode, triggeringFrameType, reasonPhrase);

    /// <summary>An application close (type 0x1d), only sendable in 0-RTT and 1-RTT packets (RFC 9000 §12.5).</summary>
    public static ConnectionCloseFrame ForApplicationError(ulong errorCode, ReadOnlyMemory<byte> reasonPhrase = default) =>
        new(true, errorCode, 0, reasonPhrase);

    /// <summary>The reason phrase as text. It SHOULD be UTF-8 (RFC 9000 §19.19); invalid bytes become U+FFFD.</summary>
    public string GetReasonString() => Encoding.UTF8.GetString(ReasonPhrase.Span);

    public int GetEncodedLength() =>
        1 + QuicVarint.GetLength(ErrorCode)
        + (IsApplicationError ? 0 : QuicVarint.GetLength(TriggeringFrameType))
        + QuicVarint.GetLength((ulong)ReasonPhrase.Length) + ReasonPhrase.Length;

    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)Type);
        w.WriteVarint(ErrorCode);
        if (!IsApplicationError) w.WriteVarint(TriggeringFrameType);
        w.WriteVarint((ulong)ReasonPhrase.Length);
        w.WriteBytes(ReasonPhrase.Span);
    }

    /// <summary>Reads the fields after the type byte (0x1c or 0x1d, already read by the caller).</summary>
    public static ConnectionCloseFrame Decode(ref QuicReader r, FrameType type)
    {
        bool application = type == FrameType.ConnectionCloseApplication;
        ulong errorCode = FrameDecoding.ReadVarint(ref r, type);
        ulong frameType = application ? 0 : FrameDecoding.ReadVarint(ref r, type);
        ulong length = FrameDecoding.ReadVarint(ref r, type);
        var reason = FrameDecoding.ReadMemory(ref r, length, type);
        return new ConnectionCloseFrame(application, errorCode, frameType, reason);
    }
}
