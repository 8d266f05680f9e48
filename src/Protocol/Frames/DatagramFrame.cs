using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// DATAGRAM (RFC 9221 §4, types 0x30/0x31): unreliable application data. When decoded,
/// <see cref="Data"/> is a slice of the packet payload (no copy). <see cref="HasLength"/>
/// false omits the Length field so the data runs to the end of the packet: only valid for
/// the last frame in a packet. Empty datagrams are allowed.
/// </summary>
public readonly record struct DatagramFrame(ReadOnlyMemory<byte> Data, bool HasLength = true)
{
    public FrameType Type => HasLength ? FrameType.DatagramWithLength : FrameType.Datagram;

    /// <summary>
    /// The frame's size as max_datagram_frame_size counts it: type, Length and data
    /// (RFC 9221 §3). Exact for a decoded frame, since <see cref="HasLength"/> is kept.
    /// </summary>
    public int GetEncodedLength() => GetHeaderLength(Data.Length, HasLength) + Data.Length;

    public void Encode(ref QuicWriter w)
    {
        EncodeHeader(ref w, Data.Length, HasLength);
        w.WriteBytes(Data.Span);
    }

    /// <summary>Bytes before the Datagram Data: type and, when present, Length.</summary>
    public static int GetHeaderLength(int dataLength, bool withLength) =>
        1 + (withLength ? QuicVarint.GetLength((ulong)dataLength) : 0);

    /// <summary>Writes the type and Length; the caller copies the data in next.</summary>
    public static void EncodeHeader(ref QuicWriter w, int dataLength, bool withLength)
    {
        w.WriteByte((byte)(withLength ? FrameType.DatagramWithLength : FrameType.Datagram));
        if (withLength) w.WriteVarint((ulong)dataLength);
    }

    /// <summary>
    /// How many data bytes fit in a DATAGRAM frame of at most <paramref name="frameBudget"/>
    /// bytes; -1 when not even an empty frame fits.
    /// </summary>
    public static int GetMaxDataLength(int frameBudget, bool withLength) =>
        FrameSizing.MaxDataLength(frameBudget, 1, withLength, 0);

    /// <summary>Reads the fields after the type byte (0x30 or 0x31, already read by the caller).</summary>
    public static DatagramFrame Decode(ref QuicReader r, FrameType type)
    {
        bool hasLength = type == FrameType.DatagramWithLength;
        // RFC 9221 §4: without the LEN bit the data extends to the end of the packet.
        ulong length = hasLength ? FrameDecoding.ReadVarint(ref r, type) : (ulong)r.Remaining;
        return new DatagramFrame(FrameDecoding.ReadMemory(ref r, length, type), hasLength);
    }
}
