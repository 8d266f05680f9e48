using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// The SETTINGS an endpoint advertises (RFC 9114 §7.2.4). Settings describe the sender and are
/// sent once, as the first frame of the control stream. Unknown and reserved identifiers are
/// ignored on receipt (§7.2.4); <see cref="GreaseSetting"/> lets us send one reserved setting,
/// as §7.2.4.1 recommends. Encoding writes only non-default values (plus grease), which also
/// satisfies the 0-RTT rule that all non-default settings are included (§7.2.4.2).
/// </summary>
public sealed partial record Http3Settings
{
    /// <summary>The values in force before the peer's SETTINGS arrives (§7.2.4.2).</summary>
    public static Http3Settings Default { get; } = new();

    /// <summary>SETTINGS_MAX_FIELD_SECTION_SIZE; null means unlimited (the default).</summary>
    public ulong? MaxFieldSectionSize { get; init; }

    /// <summary>SETTINGS_QPACK_MAX_TABLE_CAPACITY (RFC 9204 §5); 0 disables the dynamic table.</summary>
    public ulong QpackMaxTableCapacity { get; init; }

    /// <summary>SETTINGS_QPACK_BLOCKED_STREAMS (RFC 9204 §5).</summary>
    public ulong QpackBlockedStreams { get; init; }

    /// <summary>
    /// A reserved setting (id of the form 0x1f * N + 0x21) to include when encoding. Never set by
    /// <see cref="Decode"/>: received reserved settings carry no meaning (§7.2.4.1).
    /// </summary>
    public (ulong Id, ulong Value)? GreaseSetting
    {
        get => _grease;
        init
        {
            if (value is { } g)
            {
                if (!Http3Grease.IsReserved(g.Id)) throw new ArgumentException($"0x{g.Id:x} is not a reserved setting id", nameof(value));
                if (g.Value > QuicVarint.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), "grease value exceeds 2^62-1");
            }
            _grease = value;
        }
    }

    private readonly (ulong Id, ulong Value)? _grease;

    /// <summary>
    /// A copy with a reserved setting derived from <paramref name="seed"/> (the caller supplies the
    /// randomness: this layer reads no clocks or RNGs).
    /// </summary>
    public Http3Settings WithGrease(ulong seed) =>
        this with { GreaseSetting = (Http3Grease.GetReserved(seed % 0x1_0000), seed >> 16 & 0x3fff_ffff) };

    /// <summary>Length of the SETTINGS payload (without the frame header).</summary>
    public int GetPayloadLength()
    {
        int length = 0;
        if (MaxFieldSectionSize is { } max) length += PairLength(Http3SettingId.MaxFieldSectionSize, max);
        if (QpackMaxTableCapacity != 0) length += PairLength(Http3SettingId.QpackMaxTableCapacity, QpackMaxTableCapacity);
        if (QpackBlockedStreams != 0) length += PairLength(Http3SettingId.QpackBlockedStreams, QpackBlockedStreams);
        if (_grease is { } g) length += QuicVarint.GetLength(g.Id) + QuicVarint.GetLength(g.Value);
        return length;
    }

    /// <summary>Length of the whole SETTINGS frame.</summary>
    public int GetEncodedLength() => Http3FrameHeader.GetFrameLength((ulong)Http3FrameType.Settings, GetPayloadLength());

    /// <summary>Writes the whole SETTINGS frame.</summary>
    public void Encode(ref QuicWriter w)
    {
        w.WriteVarint((ulong)Http3FrameType.Settings);
        w.WriteVarint((ulong)GetPayloadLength());
        // Grease first: a peer that stops at the first unknown id is caught early.
        if (_grease is { } g)
        {
            w.WriteVarint(g.Id);
            w.WriteVarint(g.Value);
        }
        if (QpackMaxTableCapacity != 0) WritePair(ref w, Http3SettingId.QpackMaxTableCapacity, QpackMaxTableCapacity);
        if (MaxFieldSectionSize is { } max) WritePair(ref w, Http3SettingId.MaxFieldSectionSize, max);
        if (QpackBlockedStreams != 0) WritePair(ref w, Http3SettingId.QpackBlockedStreams, QpackBlockedStreams);
    }

    private static int PairLength(Http3SettingId id, ulong value) => QuicVarint.GetLength((ulong)id) + QuicVarint.GetLength(value);

    private static void WritePair(ref QuicWriter w, Http3SettingId id, ulong value)
    {
        w.WriteVarint((ulong)id);
        w.WriteVarint(value);
    }
}
