namespace ActorQuic.Protocol.ConnectionIds;

/// <summary>
/// The end of one path validation. <paramref name="MtuValidated"/> is false when no matched
/// challenge was reported sent in a datagram of at least 1200 bytes: the address is validated
/// but the connection MUST validate again with an expanded datagram (RFC 9000 §8.2.1, §8.2.3).
/// </summary>
public readonly record struct PathValidationResult<TPath>(TPath Path, PathValidationOutcome Outcome, bool MtuValidated)
    where TPath : notnull;
