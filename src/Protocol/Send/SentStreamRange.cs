namespace ActorQuic.Protocol.Send;

/// <summary>STREAM data a sent packet carried: [Offset, Offset + Length) of a stream, plus the FIN.</summary>
public readonly record struct SentStreamRange(ulong StreamId, ulong Offset, int Length, bool Fin);
