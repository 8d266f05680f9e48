namespace ActorQuic.Http3.QPack;

/// <summary>Choices our encoder makes (RFC 9204 §2.1 leaves all of them to the encoder).</summary>
public sealed class QPackEncoderOptions
{
    /// <summary>
    /// The most dynamic table capacity we will use; the capacity set is the smaller of this and the
    /// peer's SETTINGS_QPACK_MAX_TABLE_CAPACITY. 0 disables the dynamic table. Default 4096.
    /// </summary>
    public long MaxTableCapacity { get; init; } = 4096;

    /// <summary>When to Huffman-code string literals. Default <see cref="HuffmanMode.WhenShorter"/>.</summary>
    public HuffmanMode Huffman { get; init; } = HuffmanMode.WhenShorter;

    /// <summary>
    /// The share of the capacity (percent) kept as the draining reserve (RFC 9204 §2.1.1.1): the
    /// oldest entries whose eviction would restore this much free space are not referenced again
    /// (an exact match there is re-inserted with Duplicate instead). Default 25.
    /// </summary>
    public int DrainingReservePercent { get; init; } = 25;

    /// <summary>
    /// Whether field sections may reference entries the peer has not acknowledged yet, within the
    /// peer's SETTINGS_QPACK_BLOCKED_STREAMS (RFC 9204 §2.1.2). Default true.
    /// </summary>
    public bool AllowBlockingReferences { get; init; } = true;

    /// <summary>
    /// Field names always sent as never-indexed literals (the 'N' bit) and never inserted
    /// (RFC 9204 §7.1.3). Lowercase. Default: authorization, proxy-authorization, cookie, set-cookie.
    /// </summary>
    public IReadOnlySet<string> SensitiveNames { get; init; } =
        new HashSet<string>(StringComparer.Ordinal) { "authorization", "proxy-authorization", "cookie", "set-cookie" };

    public void Validate()
    {
        if (MaxTableCapacity < 0 || MaxTableCapacity > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(MaxTableCapacity), MaxTableCapacity, "must be 0..2^32-1");
        if (DrainingReservePercent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(DrainingReservePercent), DrainingReservePercent, "must be 0..100");
        ArgumentNullException.ThrowIfNull(SensitiveNames, nameof(SensitiveNames));
    }
}
