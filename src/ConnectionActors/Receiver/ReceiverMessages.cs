using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.ConnectionActors;

/// <summary>Tls → receiver: read keys for a level; the receiver builds its own PacketProtection from the secret.</summary>
public sealed record InstallReadKeys(EncryptionLevel Level, CipherSuite Suite, byte[] Secret);

/// <summary>Tls → receiver: the TLS handshake completed, 1-RTT packets may be processed (RFC 9001 §5.7).</summary>
public sealed record EnableOneRtt
{
    public static readonly EnableOneRtt Instance = new();
}

/// <summary>Connection → receiver, sender, resender: discard a level's keys and state (RFC 9001 §4.9).</summary>
public sealed record DiscardKeys(EncryptionLevel Level);

/// <summary>Sender → receiver: an ACK frame went out in a space (AckTracker.OnAckSent).</summary>
public sealed record AckSent(ActorQuic.Protocol.Recovery.PacketNumberSpace Space);

/// <summary>Sender → receiver: the peer acknowledged a packet carrying our ACK with this Largest Acknowledged (RFC 9000 §13.2.4).</summary>
public sealed record AckFrameAcknowledged(ActorQuic.Protocol.Recovery.PacketNumberSpace Space, ulong LargestAcknowledged);
