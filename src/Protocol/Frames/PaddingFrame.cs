using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// A run of PADDING frames (RFC 9000 §19.1). Each is a single 0x00 byte with no meaning, so a
/// run of them is reported once with its length instead of once per byte.
/// </summary>
/// <param name="Length">Number of consecutive PADDING bytes (at least 1 when decoded).</param>
public readonly record struct PaddingFrame(int Length)
{
    public FrameType Type => FrameType.Padding;

    public int GetEncodedLength() => Length;

    public void Encode(ref QuicWriter w) => w.WriteZeros(Length);

    /// <summary>
    /// Consumes the zero bytes that follow an already-read PADDING type byte. The scan is
    /// vectorised: padding fills most of an Initial packet (RFC 9000 §14.1).
    /// </summary>
    public static PaddingFrame Decode(ref QuicReader r)
    {
        int zeros = r.RemainingSpan.IndexOfAnyExcept((byte)0);
        if (zeros < 0) zeros = r.Remaining;
        r.TrySkip(zeros);
        return new PaddingFrame(zeros + 1);
    }
}
