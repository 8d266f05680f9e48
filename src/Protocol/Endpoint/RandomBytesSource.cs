namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Fills a buffer with unpredictable bytes. Injected so routing stays deterministic under test
/// (seeded) while production uses a cryptographic generator.
/// </summary>
public delegate void RandomBytesSource(Span<byte> destination);
