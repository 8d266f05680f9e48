using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// What happened to one received datagram (or to a replay of stashed packets): packets
/// processed and dropped by reason, levels seen, and the rare outputs a connection acts on
/// (peer key update, Version Negotiation, Retry, stateless reset candidate).
/// </summary>
public struct DatagramReceiveResult
{
    /// <summary>Bytes received: the datagram's size, for anti-amplification accounting (RFC 9000 §8.1). 0 for a replay.</summary>
    public int DatagramLength { get; internal set; }

    /// <summary>Packets authenticated and whose frames were all processed.</summary>
    public int PacketsProcessed { get; internal set; }

    /// <summary>Packets copied aside because their keys are not available yet (RFC 9001 §5.7).</summary>
    public int PacketsStashed { get; internal set; }

    /// <summary>Packets that failed authentication (RFC 9001 §5.5); they count toward the integrity limit (§6.6).</summary>
    public int DroppedUndecryptable { get; internal set; }

    /// <summary>Packets whose number was already processed (RFC 9000 §12.3).</summary>
    public int DroppedDuplicate { get; internal set; }

    /// <summary>Packets of a level whose keys were discarded or will never be used here (RFC 9001 §4.9, §5.6).</summary>
    public int DroppedNoKeys { get; internal set; }

    /// <summary>Packets that would have been stashed, but the stash was full.</summary>
    public int DroppedStashFull { get; internal set; }

    /// <summary>
    /// Packets that could not be delimited or parsed, were too short to sample, carried a
    /// foreign DCID (RFC 9000 §12.2), an unsupported or mismatched version, or a token in a
    /// server's Initial (RFC 9000 §17.2.2).
    /// </summary>
    public int DroppedMalformed { get; internal set; }

    /// <summary>VN or Retry packets discarded by the rules of RFC 9000 §6.2, §17.2.5 (wrong role, too late, bad tag...).</summary>
    public int DroppedUnexpected { get; internal set; }

    /// <summary>Every packet dropped, whatever the reason.</summary>
    public readonly int PacketsDropped =>
        DroppedUndecryptable + DroppedDuplicate + DroppedNoKeys + DroppedStashFull + DroppedMalformed + DroppedUnexpected;

    /// <summary>Levels of which at least one packet was processed.</summary>
    public EncryptionLevels ProcessedLevels { get; internal set; }

    /// <summary>At least one processed packet was ack-eliciting (RFC 9002 §2).</summary>
    public bool AckElicitingReceived { get; internal set; }

    /// <summary>Set when a packet revealed a peer-initiated key update (RFC 9001 §6.2).</summary>
    public PeerKeyUpdateDetected? PeerKeyUpdate { get; internal set; }

    /// <summary>Client only: an accepted Version Negotiation packet.</summary>
    public ReceivedVersionNegotiation? VersionNegotiation { get; internal set; }

    /// <summary>Client only: an accepted Retry packet.</summary>
    public ReceivedRetry? Retry { get; internal set; }

    /// <summary>
    /// Nothing in the datagram could be processed, so it may be a Stateless Reset: the caller
    /// MUST compare <see cref="TrailingToken"/> with the peer's tokens (RFC 9000 §10.3.1).
    /// Only set for datagrams of at least 21 bytes (§10.3).
    /// </summary>
    public bool IsStatelessResetCandidate { get; internal set; }

    /// <summary>The datagram's last 16 bytes, captured before in-place decryption; valid when <see cref="IsStatelessResetCandidate"/>.</summary>
    public StatelessResetToken TrailingToken { get; internal set; }

    public readonly bool HasProcessed(EncryptionLevel level) => (ProcessedLevels & (EncryptionLevels)(1 << (int)level)) != 0;

    public override readonly string ToString() =>
        $"{DatagramLength} bytes: {PacketsProcessed} processed ({ProcessedLevels}), {PacketsStashed} stashed, " +
        $"dropped {DroppedUndecryptable} undecryptable, {DroppedDuplicate} duplicate, {DroppedNoKeys} no keys, " +
        $"{DroppedStashFull} stash full, {DroppedMalformed} malformed, {DroppedUnexpected} unexpected" +
        (IsStatelessResetCandidate ? ", reset candidate" : "");
}
