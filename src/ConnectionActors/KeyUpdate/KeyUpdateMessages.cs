namespace ActorQuic.ConnectionActors;

/// <summary>
/// Application → connection (forwarded to the sender): start a 1-RTT key update (RFC 9001 §6.1)
/// as soon as it is allowed: once the handshake is confirmed and a packet protected with the
/// current keys was acknowledged (§6.1, §6.5). Requests made while one is pending merge into one.
/// </summary>
public sealed record InitiateKeyUpdate
{
    public static readonly InitiateKeyUpdate Instance = new();
}

/// <summary>
/// Receiver → sender: the peer started a key update (RFC 9001 §6.2) and the read keys are now at
/// <paramref name="Generation"/>. The sender moves its write keys to the same generation before it
/// sends the ACK of the packet that revealed it (the receiver sends this before that ACK's <see cref="AckReady"/>).
/// </summary>
public sealed record PeerKeyUpdated(ulong Generation);

/// <summary>
/// Sender → receiver: we initiated a key update, our write keys are at <paramref name="Generation"/>;
/// the read keys follow (RFC 9001 §6.1) unless a peer-initiated update already brought them there.
/// </summary>
public sealed record LocalKeyUpdateInitiated(ulong Generation);

/// <summary>Connection → sender at start: initiate a key update after this many packets per key phase (null: only on request).</summary>
public sealed record ConfigureKeyUpdate(ulong? AfterPackets);

/// <summary>Test and diagnostics query → sender: answered with a <see cref="KeyUpdateStatus"/>.</summary>
internal sealed record GetKeyUpdateStatus
{
    public static readonly GetKeyUpdateStatus Instance = new();
}

/// <summary>The sender's 1-RTT write key state: generation (0 = first 1-RTT keys) and how it got there.</summary>
internal sealed record KeyUpdateStatus(ulong WriteGeneration, int Initiated, int Answered);
