using ActorQuic.Protocol;

namespace ActorQuic.ConnectionActors;

/// <summary>Receiver → tls: a CRYPTO frame's data, copied out of the datagram.</summary>
public sealed record CryptoReceived(EncryptionLevel Level, ulong Offset, byte[] Data);

/// <summary>
/// Connection → tls (client): send the ClientHello. When 0-RTT is offered and <paramref name="EarlyDataHold"/>
/// is positive, the first flight waits for the application's first request (<see cref="HoldFirstFlight"/>).
/// </summary>
public sealed record StartHandshake(TimeSpan EarlyDataHold = default)
{
    public static readonly StartHandshake Instance = new();
}
