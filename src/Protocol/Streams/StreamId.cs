using System.Runtime.CompilerServices;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// A 62-bit stream ID (RFC 9000 §2.1). Bit 0 is the initiator, bit 1 the direction; the rest
/// is the index within that type, so IDs of one type go 0x0?, 0x0?+4, 0x0?+8, ...
/// </summary>
public readonly struct StreamId : IEquatable<StreamId>, IComparable<StreamId>
{
    /// <summary>Largest stream ID: it must fit a varint (RFC 9000 §2.1).</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>
    /// Most streams of one type a connection can ever have: 2^60, the largest legal
    /// max_streams / MAX_STREAMS value (RFC 9000 §4.6).
    /// </summary>
    public const ulong MaxStreamCount = 1UL << 60;

    /// <summary>Creates a stream ID; throws when it does not fit 62 bits.</summary>
    public StreamId(ulong value)
    {
        if (value > MaxValue) throw new ArgumentOutOfRangeException(nameof(value), value, "stream IDs are 62-bit");
        Value = value;
    }

    public ulong Value { get; }

    public StreamType Type => (StreamType)(Value & 0x3);

    public StreamInitiator Initiator => (StreamInitiator)(Value & 0x1);

    public StreamDirection Direction => (StreamDirection)((Value >> 1) & 0x1);

    public bool IsBidirectional => (Value & 0x2) == 0;

    public bool IsUnidirectional => (Value & 0x2) != 0;

    public bool IsClientInitiated => (Value & 0x1) == 0;

    public bool IsServerInitiated => (Value & 0x1) != 0;

    /// <summary>Position among streams of the same type: stream N of a type is opened N-th (0-based).</summary>
    public ulong Index => Value >> 2;

    /// <summary>Whether the endpoint playing <paramref name="localRole"/> opened this stream.</summary>
    public bool IsLocallyInitiated(StreamInitiator localRole) => Initiator == localRole;

    /// <summary>
    /// Whether the local endpoint has a sending part: every bidirectional stream, and the
    /// unidirectional streams it opened (RFC 9000 §2.1, §3).
    /// </summary>
    public bool HasSendingPart(StreamInitiator localRole) => IsBidirectional || Initiator == localRole;

    /// <summary>Whether the local endpoint has a receiving part: bidirectional, or opened by the peer.</summary>
    public bool HasReceivingPart(StreamInitiator localRole) => IsBidirectional || Initiator != localRole;

    /// <summary>The <paramref name="index"/>-th stream of <paramref name="type"/>.</summary>
    public static StreamId FromIndex(StreamType type, ulong index)
    {
        if (index >= MaxStreamCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "at most 2^60 streams per type");
        return new StreamId(index << 2 | (ulong)type);
    }

    public static StreamId FromIndex(StreamInitiator initiator, StreamDirection direction, ulong index) =>
        FromIndex(TypeOf(initiator, direction), index);

    /// <summary>The 2-bit type for an initiator and a direction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StreamType TypeOf(StreamInitiator initiator, StreamDirection direction) =>
        (StreamType)((int)direction << 1 | (int)initiator);

    /// <summary>
    /// The ID bound a stream count allows: streams of <paramref name="type"/> below
    /// <c>maxStreams * 4 + type</c> may be opened (RFC 9000 §4.6).
    /// </summary>
    public static bool IsWithinLimit(StreamId id, ulong maxStreams) => id.Index < maxStreams;

    public static StreamInitiator GetInitiator(StreamType type) => (StreamInitiator)((int)type & 1);

    public static StreamDirection GetDirection(StreamType type) => (StreamDirection)(((int)type >> 1) & 1);

    public bool Equals(StreamId other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is StreamId other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public int CompareTo(StreamId other) => Value.CompareTo(other.Value);

    public static bool operator ==(StreamId left, StreamId right) => left.Value == right.Value;

    public static bool operator !=(StreamId left, StreamId right) => left.Value != right.Value;

    public static implicit operator ulong(StreamId id) => id.Value;

    public static explicit operator StreamId(ulong value) => new(value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
