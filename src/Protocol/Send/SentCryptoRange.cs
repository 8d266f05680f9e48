namespace ActorQuic.Protocol.Send;

/// <summary>CRYPTO data a sent packet carried: [Offset, Offset + Length) of its level's crypto stream.</summary>
public readonly record struct SentCryptoRange(ulong Offset, int Length);
