using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// STREAM (RFC 9000 §19.8, types 0x08-0x0f). When decoded, <see cref="Data"/> is a slice of
/// the packet payload (no copy). <see cref="HasLength"/> false omits the Length field so the
/// data runs to the end of the packet: only valid for the last frame in a packet.
/// The OFF bit is set exactly when <see cref="Offset"/> is non-zero.
/// </summary>
public readonly record struct StreamFrame(
    ulong StreamId,
    ulong Offset,
    ReadOnlyMemory<byte> Data,
    bool Fin,
    bool HasLength = true)
{
    internal const byte OffBit = 0x04;
    internal const byte LenBit = 0x02;
    internal const byte FinBit = 0x01;

    public FrameType Type => GetFrameType(Offset, Fin, HasLength);

    /// <summary>The stream offset just past this frame's data (the final size when <see cref="Fin"/>).</summary>
    public ulong EndOffset => Offset + (ulong)Data.Length;

    public int GetEncodedLength() => GetHeaderLength(StreamId, Offset, Data.Length, HasLength) + Data.Length;

    public void Encode(ref QuicWriter w)
    {
        EncodeHeader(ref w, StreamId, Offset, Data.Length, Fin, HasLength);
        w.WriteBytes(Data.Span);
    }

    /// <summary>Bytes before the Stream Data: type, Stream ID, Offset when non-zero, Length when present.</summary>
    public static int GetHeaderLength(ulong streamId, ulong offset, int dataLength, bool withLength) =>
        1 + QuicVarint.GetLength(streamId)
        + (offset != 0 ? QuicVarint.GetLength(offset) : 0)
        + (withLength ? QuicVarint.GetLength((ulong)dataLength) : 0);

    /// <summary>
    /// Writes everything but the Stream Data, so a sender can copy the data itself from
    /// wherever it is buffered (e.g. two segments of a ring buffer).
    /// </summary>
    public static void EncodeHeader(ref QuicWriter w, ulong streamId, ulong offset, int dataLength, bool fin, bool withLength)
    {
        w.WriteByte((byte)GetFrameType(offset, fin, withLength));
        w.WriteVarint(streamId);
        if (offset != 0) w.WriteVarint(offset);
        if (withLength) w.WriteVarint((ulong)dataLength);
    }

    /// <summary>
    /// How many data bytes fit in a STREAM frame of at most <paramref name="frameBudget"/> bytes
    /// (with or without a Length field), also keeping offset + length ≤ 2^62-1; -1 when not
    /// even an empty frame (e.g. a bare FIN) fits.
    /// </summary>
    public static int GetMaxDataLength(ulong streamId, ulong offset, int frameBudget, bool withLength) =>
        FrameSizing.MaxDataLength(frameBudget, GetHeaderLength(streamId, offset, 0, withLength: false), withLength, offset);

    /// <summary>Reads the fields after the type byte (0x08-0x0f, already read by the caller).</summary>
    public static StreamFrame Decode(ref QuicReader r, FrameType type)
    {
        byte bits = (byte)type;
        ulong streamId = FrameDecoding.ReadVarint(ref r, type);
        ulong offset = (bits & OffBit) != 0 ? FrameDecoding.ReadVarint(ref r, type) : 0;
        bool hasLength = (bits & LenBit) != 0;
        // RFC 9000 §19.8: without LEN the data consumes the rest of the packet.
        ulong length = hasLength ? FrameDecoding.ReadVarint(ref r, type) : (ulong)r.Remaining;
        var data = FrameDecoding.ReadMemory(ref r, length, type);
        // RFC 9000 §19.8: offset + length above 2^62-1 MUST be an error; offset is a varint and
        // length fits the packet, so the sum cannot overflow.
        if (offset + (ulong)data.Length > QuicVarint.MaxValue)
            FrameDecoding.ThrowEncodingError(type, "STREAM frame ends beyond 2^62-1");
        return new StreamFrame(streamId, offset, data, (bits & FinBit) != 0, hasLength);
    }

    private static FrameType GetFrameType(ulong offset, bool fin, bool withLength) =>
        (FrameType)((byte)FrameType.Stream
            | (offset != 0 ? OffBit : 0)
            | (withLength ? LenBit : 0)
            | (fin ? FinBit : 0));
}
