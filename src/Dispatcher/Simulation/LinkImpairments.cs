namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// What a simulated link does to the datagrams crossing it, in the spirit of Linux netem.
/// Immutable; build variants with <c>with</c>. Every random decision is drawn from the sending
/// endpoint's seeded generator, so one seed gives one outcome.
/// </summary>
/// <remarks>
/// Order of effects per datagram: size limit, loss, duplication (the copy gets its own draws
/// for everything below), corruption, delay + jitter, reordering, bandwidth queue.
/// </remarks>
public sealed record LinkImpairments
{
    /// <summary>A perfect link: no loss, no delay, delivered on the sender's thread.</summary>
    public static LinkImpairments None { get; } = new();

    /// <summary>Probability (0-1) that a datagram is silently lost.</summary>
    public double LossRate { get; init; }

    /// <summary>One-way propagation delay.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// Extra delay drawn uniformly from [0, Jitter] per datagram. Independent draws, as in
    /// netem: a jitter larger than the gap between datagrams reorders them.
    /// </summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability (0-1) that a datagram is held back by <see cref="ReorderDelay"/>, so later ones overtake it.</summary>
    public double ReorderRate { get; init; }

    /// <summary>How long a reordered datagram is held back (on top of delay and jitter).</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Probability (0-1) that a datagram is delivered twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Probability (0-1) that one random bit of the datagram is flipped.</summary>
    public double CorruptRate { get; init; }

    /// <summary>Bottleneck rate in bytes per second; 0 means unlimited. Datagrams queue behind each other.</summary>
    public long BandwidthBytesPerSecond { get; init; }

    /// <summary>With a bandwidth limit: bytes that may wait in the bottleneck queue before tail drop; 0 means unbounded.</summary>
    public int QueueLimitBytes { get; init; }

    /// <summary>Largest datagram the link carries (a path MTU for UDP payloads); 0 means no limit. Larger ones are dropped.</summary>
    public int MaxDatagramSize { get; init; }

    /// <summary>True when datagrams may need the scheduler (anything other than immediate delivery).</summary>
    internal bool MayDelay => Delay > TimeSpan.Zero || Jitter > TimeSpan.Zero || ReorderRate > 0 || BandwidthBytesPerSecond > 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        CheckRate(LossRate, nameof(LossRate));
        CheckRate(ReorderRate, nameof(ReorderRate));
        CheckRate(DuplicateRate, nameof(DuplicateRate));
        CheckRate(CorruptRate, nameof(CorruptRate));
        CheckDuration(Delay, nameof(Delay));
        CheckDuration(Jitter, nameof(Jitter));
        CheckDuration(ReorderDelay, nameof(ReorderDelay));
        if (BandwidthBytesPerSecond < 0)
            throw new ArgumentOutOfRangeException(nameof(BandwidthBytesPerSecond), BandwidthBytesPerSecond, "must be 0 (unlimited) or positive");
        if (QueueLimitBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(QueueLimitBytes), QueueLimitBytes, "must be 0 (unbounded) or positive");
        if (MaxDatagramSize < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxDatagramSize), MaxDatagramSize, "must be 0 (no limit) or positive");
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(name, rate, "a probability between 0 and 1");
    }

    private static void CheckDuration(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(name, value, "must not be negative");
    }
}
