namespace ActorQuic.Protocol.Endpoint;

/// <summary>The outcome of checking a token from a client Initial.</summary>
public enum AddressTokenValidation
{
    Valid,
    /// <summary>Not one of ours, tampered with, or for another address: treat the client as unvalidated (RFC 9000 §8.1.3).</summary>
    Invalid,
    Expired,
    /// <summary>A NEW_TOKEN token seen before (RFC 9000 §8.1.4: not accepted multiple times).</summary>
    Replayed,
}
