namespace ActorQuic.Protocol.Endpoint;

/// <summary>What the Token field of a connection-opening client Initial turned out to be (RFC 9000 §8.1).</summary>
public enum InitialTokenStatus : byte
{
    /// <summary>The Initial carried no token.</summary>
    None,

    /// <summary>A valid Retry token: the address is validated and the ODCID and RSCID come from the token (RFC 9000 §8.1.2, §7.3).</summary>
    RetryTokenValid,

    /// <summary>A valid NEW_TOKEN token: the address is validated (RFC 9000 §8.1.3).</summary>
    NewTokenValid,

    /// <summary>
    /// A NEW_TOKEN token that failed (expired, replayed, another address, not ours), or a token
    /// while no codec is configured: the client is treated as unvalidated (RFC 9000 §8.1.3).
    /// </summary>
    Ignored,
}
