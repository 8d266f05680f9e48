using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// ACK (RFC 9000 §19.3, types 0x02 and 0x03). Decoding allocates nothing: the Gap/ACK Range
/// Length pairs stay encoded as a slice of the packet (<see cref="EncodedRanges"/>), validated
/// once, and <see cref="GetRanges"/> decodes them on the fly, largest first.
/// To send an ACK, use the static <see cref="Encode(ref QuicWriter, ReadOnlySpan{AckRange}, ulong, EcnCounts?)"/>.
/// </summary>
public readonly record struct AckFrame
{
    private AckFrame(
        ulong largest, ulong ackDelay, ulong firstAckRange, int ackRangeCount,
        ReadOnlyMemory<byte> encodedRanges, ulong smallest, EcnCounts? ecn)
    {
        LargestAcknowledged = largest;
        AckDelay = ackDelay;
        FirstAckRange = firstAckRange;
        AckRangeCount = ackRangeCount;
        EncodedRanges = encodedRanges;
        SmallestAcknowledged = smallest;
        Ecn = ecn;
    }

    public FrameType Type => Ecn.HasValue ? FrameType.AckEcn : FrameType.Ack;

    public ulong LargestAcknowledged { get; }

    /// <summary>
    /// The ACK Delay field as sent: microseconds divided by 2^ack_delay_exponent
    /// (RFC 9000 §19.3). See <see cref="GetAckDelayMicroseconds"/>.
    /// </summary>
    public ulong AckDelay { get; }

    /// <summary>Packets acknowledged below <see cref="LargestAcknowledged"/> in the first range.</summary>
    public ulong FirstAckRange { get; }

    /// <summary>The ACK Range Count field: ranges after the first one.</summary>
    public int AckRangeCount { get; }

    /// <summary>The Gap/ACK Range Length pairs as received (validated).</summary>
    public ReadOnlyMemory<byte> EncodedRanges { get; }

    /// <summary>The lowest packet number acknowledged (the last range's smallest).</summary>
    public ulong SmallestAcknowledged { get; }

    /// <summary>ECN counts, present exactly when the type is 0x03 (RFC 9000 §19.3.2).</summary>
    public EcnCounts? Ecn { get; }

    /// <summary>The acknowledged ranges in descending packet number order, decoded in place.</summary>
    public AckRangeEnumerator GetRanges() =>
        new(new AckRange(LargestAcknowledged - FirstAckRange, LargestAcknowledged), EncodedRanges.Span, AckRangeCount);

    /// <summary>
    /// The ACK delay in microseconds, scaled by the peer's ack_delay_exponent (RFC 9000 §19.3,
    /// §18.2: at most 20). Saturates instead of overflowing on absurd peer values.
    /// </summary>
    public ulong GetAckDelayMicroseconds(int ackDelayExponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ackDelayExponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ackDelayExponent, 20);
        return AckDelay > ulong.MaxValue >> ackDelayExponent ? ulong.MaxValue : AckDelay << ackDelayExponent;
    }

    /// <summary>Length of this frame re-encoded (ranges as received).</summary>
    public int GetEncodedLength() =>
        1 + QuicVarint.GetLength(LargestAcknowledged) + QuicVarint.GetLength(AckDelay)
        + QuicVarint.GetLength((ulong)AckRangeCount) + QuicVarint.GetLength(FirstAckRange)
        + EncodedRanges.Length + (Ecn?.GetEncodedLength() ?? 0);

    /// <summary>Re-encodes this frame, copying the received ranges unchanged.</summary>
    public void Encode(ref QuicWriter w)
    {
        w.WriteByte((byte)Type);
        w.WriteVarint(LargestAcknowledged);
        w.WriteVarint(AckDelay);
        w.WriteVarint((ulong)AckRangeCount);
        w.WriteVarint(FirstAckRange);
        w.WriteBytes(EncodedRanges.Span);
        if (Ecn is { } ecn) ecn.Encode(ref w);
    }

    /// <summary>
    /// Length of an ACK frame for <paramref name="ranges"/> (descending, disjoint, not adjacent).
    /// <paramref name="ackDelay"/> is already scaled down by our ack_delay_exponent.
    /// </summary>
    public static int GetEncodedLength(ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecn = null)
    {
        ValidateRanges(ranges);
        int length = FixedLength(ranges, ackDelay, ecn);
        for (int i = 1; i < ranges.Length; i++) length += PairLength(ranges[i - 1], ranges[i]);
        return length;
    }

    /// <summary>
    /// Encodes an ACK frame (type 0x03 when <paramref name="ecn"/> is given) for
    /// <paramref name="ranges"/>, which must be in descending order, disjoint and separated by
    /// at least one missing packet (RFC 9000 §19.3.1). <paramref name="ackDelay"/> is already
    /// scaled down by our ack_delay_exponent.
    /// </summary>
    public static void Encode(ref QuicWriter w, scoped ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecn = null)
    {
        ValidateRanges(ranges);
        AckRange first = ranges[0];
        w.WriteByte((byte)(ecn.HasValue ? FrameType.AckEcn : FrameType.Ack));
        w.WriteVarint(first.Largest);
        w.WriteVarint(ackDelay);
        w.WriteVarint((ulong)(ranges.Length - 1));
        w.WriteVarint(first.Largest - first.Smallest);
        for (int i = 1; i < ranges.Length; i++)
        {
            // RFC 9000 §19.3.1: gap = previous_smallest - largest - 2; length = largest - smallest.
            w.WriteVarint(ranges[i - 1].Smallest - ranges[i].Largest - 2);
            w.WriteVarint(ranges[i].Largest - ranges[i].Smallest);
        }
        if (ecn is { } counts) counts.Encode(ref w);
    }

    /// <summary>
    /// How many of the leading (largest) <paramref name="ranges"/> fit in an ACK frame of at
    /// most <paramref name="frameBudget"/> bytes; 0 when not even the first fits. Sending the
    /// newest ranges and dropping old ones is what RFC 9000 §13.2.4 suggests.
    /// </summary>
    public static int CountRangesThatFit(ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecn, int frameBudget)
    {
        ValidateRanges(ranges);
        int pairs = 0;
        int best = 0;
        for (int k = 1; k <= ranges.Length; k++)
        {
            if (k > 1) pairs += PairLength(ranges[k - 2], ranges[k - 1]);
            int length = FixedLength(ranges[..k], ackDelay, ecn) + pairs;
            if (length <= frameBudget) best = k;
            else if (pairs > frameBudget) break; // only grows from here
        }
        return best;
    }

    /// <summary>Reads the fields after the type byte (0x02 or 0x03, already read by the caller).</summary>
    public static AckFrame Decode(ref QuicReader r, FrameType type)
    {
        ulong largest = FrameDecoding.ReadVarint(ref r, type);
        ulong ackDelay = FrameDecoding.ReadVarint(ref r, type);
        ulong rangeCount = FrameDecoding.ReadVarint(ref r, type);
        ulong firstRange = FrameDecoding.ReadVarint(ref r, type);
        // RFC 9000 §19.3.1: any computed packet number below zero is a FRAME_ENCODING_ERROR.
        if (firstRange > largest) FrameDecoding.ThrowEncodingError(type, "first ACK range goes below packet number 0");
        // Each range takes at least two bytes, which also makes the int conversion safe.
        if (rangeCount > (ulong)r.Remaining / 2) FrameDecoding.ThrowTruncated(type);
        int count = (int)rangeCount;

        // Validate every range on a copy of the reader, then slice what it covered.
        QuicReader probe = r;
        ulong smallest = largest - firstRange;
        for (int i = 0; i < count; i++)
        {
            ulong gap = FrameDecoding.ReadVarint(ref probe, type);
            ulong length = FrameDecoding.ReadVarint(ref probe, type);
            // largest = previous_smallest - gap - 2 and smallest = largest - length, both ≥ 0.
            // gap ≤ 2^62-1, so gap + 2 cannot overflow.
            if (gap + 2 > smallest) FrameDecoding.ThrowEncodingError(type, "ACK range gap goes below packet number 0");
            ulong rangeLargest = smallest - gap - 2;
            if (length > rangeLargest) FrameDecoding.ThrowEncodingError(type, "ACK range goes below packet number 0");
            smallest = rangeLargest - length;
        }
        var encodedRanges = FrameDecoding.ReadMemory(ref r, (ulong)(probe.Position - r.Position), type);

        EcnCounts? ecn = null;
        if (type == FrameType.AckEcn)
        {
            ulong ect0 = FrameDecoding.ReadVarint(ref r, type);
            ulong ect1 = FrameDecoding.ReadVarint(ref r, type);
            ulong ce = FrameDecoding.ReadVarint(ref r, type);
            ecn = new EcnCounts(ect0, ect1, ce);
        }
        return new AckFrame(largest, ackDelay, firstRange, count, encodedRanges, smallest, ecn);
    }

    private static int FixedLength(ReadOnlySpan<AckRange> ranges, ulong ackDelay, EcnCounts? ecn) =>
        1 + QuicVarint.GetLength(ranges[0].Largest) + QuicVarint.GetLength(ackDelay)
        + QuicVarint.GetLength((ulong)(ranges.Length - 1)) + QuicVarint.GetLength(ranges[0].Largest - ranges[0].Smallest)
        + (ecn?.GetEncodedLength() ?? 0);

    private static int PairLength(AckRange previous, AckRange range) =>
        QuicVarint.GetLength(previous.Smallest - range.Largest - 2) + QuicVarint.GetLength(range.Largest - range.Smallest);

    private static void ValidateRanges(ReadOnlySpan<AckRange> ranges)
    {
        if (ranges.IsEmpty) throw new ArgumentException("an ACK frame needs at least one range", nameof(ranges));
        if (ranges[0].Largest > QuicVarint.MaxValue)
            throw new ArgumentException("packet numbers stop at 2^62-1", nameof(ranges));
        for (int i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Smallest > ranges[i].Largest)
                throw new ArgumentException($"range {i} has Smallest > Largest", nameof(ranges));
            // A gap of at least one packet: adjacent ranges must be merged by the caller.
            if (i > 0 && (ranges[i - 1].Smallest < 2 || ranges[i].Largest > ranges[i - 1].Smallest - 2))
                throw new ArgumentException($"range {i} is not below range {i - 1} with a gap", nameof(ranges));
        }
    }
}
