namespace ActorQuic.Protocol.Qlog;

/// <summary>The rule that declared a packet lost (recovery:packet_lost trigger, quic-events 0.3 §7.6).</summary>
public enum QlogLossTrigger : byte
{
    /// <summary>RFC 9002 §6.1.1: kPacketThreshold newer packets were acknowledged.</summary>
    ReorderingThreshold,

    /// <summary>RFC 9002 §6.1.2: sent too long before a newer acknowledged packet.</summary>
    TimeThreshold,

    /// <summary>RFC 9002 §6.2.4: declared lost when the PTO expired.</summary>
    PtoExpired,
}
