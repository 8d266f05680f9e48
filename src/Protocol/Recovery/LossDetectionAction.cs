namespace ActorQuic.Protocol.Recovery;

/// <summary>What the loss detection timer asks the caller to do (RFC 9002 appendix A.9).</summary>
public enum LossDetectionAction : byte
{
    /// <summary>The timer was not due (or not armed): nothing to do.</summary>
    None,

    /// <summary>Packets were declared lost by time threshold: re-queue their frames (RFC 9002 §6.1.2).</summary>
    PacketsLost,

    /// <summary>
    /// A PTO expired: send one or two ack-eliciting probe packets in the space, with new data if
    /// any, else previously sent data, else a PING (RFC 9002 §6.2.4). Probes bypass the
    /// congestion window (§7.5). Adding ack-eliciting packets for other spaces with data in
    /// flight, coalesced, is recommended.
    /// </summary>
    SendProbes,

    /// <summary>
    /// Client anti-deadlock PTO (RFC 9002 §6.2.2.1): nothing is in flight but the server may be
    /// blocked by its amplification limit. Send one ack-eliciting Handshake packet, or, without
    /// Handshake keys, an Initial packet in a datagram padded to at least 1200 bytes.
    /// </summary>
    SendAntiDeadlockProbe,
}
