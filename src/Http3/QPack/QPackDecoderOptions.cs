namespace ActorQuic.Http3.QPack;

/// <summary>Limits our decoder enforces; the first two are what we advertise in SETTINGS (RFC 9204 §5).</summary>
public sealed class QPackDecoderOptions
{
    /// <summary>SETTINGS_QPACK_MAX_TABLE_CAPACITY we send; the encoder may not set a larger capacity. Default 4096.</summary>
    public long MaxTableCapacity { get; init; } = 4096;

    /// <summary>SETTINGS_QPACK_BLOCKED_STREAMS we send: streams that may wait for inserts at once. Default 100.</summary>
    public int MaxBlockedStreams { get; init; } = 100;

    /// <summary>
    /// The largest decoded field section we accept, counted as RFC 9114 §4.2.2 does (name + value + 32
    /// per line); the HTTP/3 layer advertises it as SETTINGS_MAX_FIELD_SECTION_SIZE. Exceeding it is
    /// a stream error QPACK_DECOMPRESSION_FAILED (RFC 9204 §7.4). Default 64 KiB.
    /// </summary>
    public long MaxFieldSectionSize { get; init; } = 64 * 1024;

    public void Validate()
    {
        if (MaxTableCapacity < 0 || MaxTableCapacity > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(MaxTableCapacity), MaxTableCapacity, "must be 0..2^32-1");
        if (MaxBlockedStreams < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxBlockedStreams), MaxBlockedStreams, "must not be negative");
        if (MaxFieldSectionSize <= 0 || MaxFieldSectionSize > int.MaxValue / 8)
            throw new ArgumentOutOfRangeException(nameof(MaxFieldSectionSize), MaxFieldSectionSize, "must be 1..2^28-1");
    }
}
