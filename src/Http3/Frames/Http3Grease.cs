namespace ActorQuic.Http3.Frames;

/// <summary>
/// The reserved code points <c>0x1f * N + 0x21</c> that RFC 9114 sets aside in every
/// extensible space (frame types §7.2.8, stream types §6.2.3, setting ids §7.2.4.1, error
/// codes §8.1) so that peers exercise "ignore what you don't know".
/// </summary>
public static class Http3Grease
{
    /// <summary>The largest N whose reserved value still fits a varint (2^62 - 1).</summary>
    public const ulong MaxIndex = (Protocol.Wire.QuicVarint.MaxValue - 0x21) / 0x1f;

    /// <summary>Whether <paramref name="value"/> has the reserved form 0x1f * N + 0x21.</summary>
    public static bool IsReserved(ulong value) => value >= 0x21 && (value - 0x21) % 0x1f == 0;

    /// <summary>The reserved value with index <paramref name="n"/> (0 → 0x21, 1 → 0x40, ...).</summary>
    public static ulong GetReserved(ulong n)
    {
        if (n > MaxIndex) throw new ArgumentOutOfRangeException(nameof(n), n, "reserved value would exceed 2^62-1");
        return 0x1f * n + 0x21;
    }
}
