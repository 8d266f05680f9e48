using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>Arithmetic for fitting a data-carrying frame into the space left in a packet.</summary>
internal static class FrameSizing
{
    /// <summary>
    /// The most data bytes n with varint_length(n) + n ≤ <paramref name="room"/>, or -1 when
    /// not even an empty Length field fits. Each varint width has its own ceiling, so the best
    /// of the four widths wins.
    /// </summary>
    public static int MaxDataWithLengthField(int room)
    {
        int best = -1;
        best = Math.Max(best, Fit(room, 1, 63));
        best = Math.Max(best, Fit(room, 2, 16383));
        best = Math.Max(best, Fit(room, 4, 1073741823));
        best = Math.Max(best, Fit(room, 8, int.MaxValue));
        return best;

        static int Fit(int room, int width, long ceiling) =>
            room < width ? -1 : (int)Math.Min(room - width, ceiling);
    }

    /// <summary>
    /// The data length for a frame whose fixed part takes <paramref name="headerLength"/> of
    /// <paramref name="budget"/> bytes, capped so offset + length stays ≤ 2^62-1
    /// (RFC 9000 §19.6, §19.8); -1 when the frame does not fit even empty.
    /// </summary>
    public static int MaxDataLength(int budget, int headerLength, bool withLength, ulong offset)
    {
        int room = budget - headerLength;
        if (room < 0) return -1;
        int n = withLength ? MaxDataWithLengthField(room) : room;
        ulong cap = QuicVarint.MaxValue - offset;
        if (n > 0 && (ulong)n > cap) n = (int)cap; // a smaller length field only frees space
        return n;
    }
}
