namespace ActorQuic.Protocol.Connection;

/// <summary>
/// Tuning for a <see cref="StreamRegistry"/>. The initial windows and stream limits come from
/// our transport parameters; these options only say how far auto-tuning may grow them and how
/// receive buffers are carved.
/// </summary>
public sealed class StreamRegistryOptions
{
    /// <summary>
    /// Largest per-stream receive window auto-tuning may reach (RFC 9000 §4.2); null keeps each
    /// stream at its initial window from the transport parameters.
    /// </summary>
    public ulong? MaxStreamReceiveWindow { get; init; }

    /// <summary>Largest connection receive window auto-tuning may reach; null keeps initial_max_data.</summary>
    public ulong? MaxConnectionReceiveWindow { get; init; }

    /// <summary>
    /// Size of the pooled blocks receive buffers are made of (a power of two ≥ 64). Smaller blocks
    /// waste less on sparse, out-of-order data; larger ones give longer zero-copy reads.
    /// </summary>
    public int ReceiveBlockSize { get; init; } = 4096;

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        if (ReceiveBlockSize < 64 || (ReceiveBlockSize & (ReceiveBlockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(ReceiveBlockSize), ReceiveBlockSize, "must be a power of two of at least 64");
    }
}
