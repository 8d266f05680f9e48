namespace ActorQuic.Protocol.Wire;

/// <summary>Packet number truncation and recovery (RFC 9000 §17.1, appendix A.2 and A.3).</summary>
public static class PacketNumberEncoding
{
    /// <summary>The largest packet number (RFC 9000 §12.3: 0 to 2^62-1).</summary>
    public const ulong MaxPacketNumber = (1UL << 62) - 1;

    /// <summary>
    /// Bytes (1-4) needed to send <paramref name="fullPn"/> so the peer can recover it, given the
    /// largest packet number it has acknowledged (null when none): twice the unacknowledged range
    /// plus one must fit (RFC 9000 appendix A.2).
    /// </summary>
    public static int GetEncodedLength(ulong fullPn, ulong? largestAcked)
    {
        ulong numUnacked = largestAcked is { } acked ? fullPn - acked : fullPn + 1;
        // minimum bits = log2(numUnacked) + 1, rounded up to bytes
        int minBits = 64 - System.Numerics.BitOperations.LeadingZeroCount(numUnacked) + 1;
        int bytes = (minBits + 7) / 8;
        return Math.Clamp(bytes, 1, 4);
    }

    /// <summary>Recovers a full packet number from its truncated form (RFC 9000 appendix A.3).</summary>
    /// <param name="largestPn">The largest packet number successfully processed in this space, or -1 when none.</param>
    public static ulong Decode(long largestPn, ulong truncatedPn, int pnLengthBytes)
    {
        int pnNbits = pnLengthBytes * 8;
        ulong expectedPn = (ulong)(largestPn + 1);
        ulong pnWin = 1UL << pnNbits;
        ulong pnHwin = pnWin / 2;
        ulong pnMask = pnWin - 1;
        ulong candidatePn = (expectedPn & ~pnMask) | truncatedPn;
        if (candidatePn + pnHwin <= expectedPn && candidatePn < (1UL << 62) - pnWin)
            return candidatePn + pnWin;
        if (candidatePn > expectedPn + pnHwin && candidatePn >= pnWin)
            return candidatePn - pnWin;
        return candidatePn;
    }

    /// <summary>Writes the low <paramref name="length"/> bytes of <paramref name="pn"/> big-endian.</summary>
    public static void WriteTruncated(Span<byte> destination, ulong pn, int length)
    {
        for (int i = 0; i < length; i++)
            destination[i] = (byte)(pn >> (8 * (length - 1 - i)));
    }

    /// <summary>Reads a truncated packet number of <paramref name="length"/> bytes.</summary>
    public static ulong ReadTruncated(ReadOnlySpan<byte> source, int length)
    {
        ulong value = 0;
        for (int i = 0; i < length; i++)
            value = value << 8 | source[i];
        return value;
    }
}
