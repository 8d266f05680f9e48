namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>How a path validation ended (RFC 9000 §8.2.3, §8.2.4).</summary>
public enum PathValidationOutcome
{
    /// <summary>A PATH_RESPONSE echoed one of our challenges (§8.2.3).</summary>
    Succeeded,

    /// <summary>The validation timer expired, or the path was evicted: the path is unusable (§8.2.4).</summary>
    Failed,
}
