using ActorQuic.Protocol;

namespace ActorQuic.ConnectionActors;

/// <summary>Receiver → tls: a CRYPTO frame's data, copied out of the datagram.</summary>
public sealed record CryptoReceived(EncryptionLevel Level, ulong Offset, byte[] Data);

/// <summary>Connection → tls (client): send the ClientHello.</summary>
public sealed record StartHandshake
{
    public static readonly StartHandshake Instance = new();
}
