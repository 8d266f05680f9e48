using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// CRYPTO (RFC 9000 §19.6): TLS handshake bytes at an offset of the encryption level's crypto
/// stream. When decoded, <see cref="Data"/> is a slice of the packet payload (no copy).
/// </summary>
public readonly record struct CryptoFrame(ulong Offset, ReadOnlyMemory<byte> Data)
{
    public FrameType Type => FrameType.Crypto;

    public ulong EndOffset => Offset + (ulong)Data.Length;

    public int GetEncodedLength() => GetHeaderLength(Offset, Data.Length) + Data.Length;

    public void Encode(ref QuicWriter w)
    {
        EncodeHeader(ref w, Offset, Data.Length);
        w.WriteBytes(Data.Span);
    }

    /// <summary>Bytes before the Crypto Data: type, Offset, Length.</summary>
    public static int GetHeaderLength(ulong offset, int dataLength) =>
        1 + QuicVarint.GetLength(offset) + QuicVarint.GetLength((ulong)dataLength);

    /// <summary>Writes everything but the Crypto Data, which the caller copies in next.</summary>
    public static void EncodeHeader(ref QuicWriter w, ulong offset, int dataLength)
    {
        w.WriteByte((byte)FrameType.Crypto);
        w.WriteVarint(offset);
        w.WriteVarint((ulong)dataLength);
    }

    /// <summary>
    /// How many data bytes fit in a CRYPTO frame of at most <paramref name="frameBudget"/>
    /// bytes; -1 when not even an empty frame fits.
    /// </summary>
    public static int GetMaxDataLength(ulong offset, int frameBudget) =>
        FrameSizing.MaxDataLength(frameBudget, 1 + QuicVarint.GetLength(offset), withLength: true, offset);

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static CryptoFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.Crypto;
        ulong offset = FrameDecoding.ReadVarint(ref r, type);
        ulong length = FrameDecoding.ReadVarint(ref r, type);
        var data = FrameDecoding.ReadMemory(ref r, length, type);
        // RFC 9000 §19.6: offset + length above 2^62-1 is FRAME_ENCODING_ERROR or
        // CRYPTO_BUFFER_EXCEEDED; we pick the former. No overflow: see StreamFrame.Decode.
        if (offset + (ulong)data.Length > QuicVarint.MaxValue)
            FrameDecoding.ThrowEncodingError(type, "CRYPTO frame ends beyond 2^62-1");
        return new CryptoFrame(offset, data);
    }
}
