namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// The ACK Delay field of an ACK frame: microseconds divided by 2^ack_delay_exponent
/// (RFC 9000 §19.3, §18.2: exponent default 3, at most 20).
/// </summary>
public static class AckDelayEncoding
{
    /// <summary>Default ack_delay_exponent (RFC 9000 §18.2).</summary>
    public const int DefaultExponent = 3;

    /// <summary>Largest ack_delay_exponent a peer may send (RFC 9000 §18.2).</summary>
    public const int MaxExponent = 20;

    /// <summary>Encodes a measured delay for the ACK Delay field; negative delays count as zero.</summary>
    public static ulong Encode(TimeSpan delay, int exponent = DefaultExponent)
    {
        ValidateExponent(exponent);
        if (delay <= TimeSpan.Zero) return 0;
        ulong micros = (ulong)(delay.Ticks / TimeSpan.TicksPerMicrosecond);
        // A varint holds 62 bits; the delay will never get near that, but clamp rather than wrap.
        return Math.Min(micros >> exponent, Wire.QuicVarint.MaxValue);
    }

    /// <summary>
    /// Decodes a peer's ACK Delay field. A hostile peer can send 2^62-1 with exponent 20; the
    /// result saturates rather than overflowing (the RTT estimator then ignores it, §5.3).
    /// </summary>
    public static TimeSpan Decode(ulong field, int exponent = DefaultExponent)
    {
        ValidateExponent(exponent);
        // Saturate at a day: far beyond any meaningful ack delay, and safe to add to times.
        const ulong maxMicros = 86_400_000_000UL;
        ulong micros = field > (maxMicros >> exponent) ? maxMicros : field << exponent;
        return TimeSpan.FromTicks((long)micros * TimeSpan.TicksPerMicrosecond);
    }

    private static void ValidateExponent(int exponent)
    {
        if ((uint)exponent > MaxExponent)
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "ack_delay_exponent is 0..20 (RFC 9000 §18.2)");
    }
}
