namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// The three packet number spaces (RFC 9000 §12.3; RFC 9002 appendix A.2 kPacketNumberSpace).
/// Loss detection and acknowledgment tracking run separately per space (RFC 9002 §6), while
/// RTT and congestion control are per path.
/// </summary>
public enum PacketNumberSpace : byte
{
    Initial = 0,
    Handshake = 1,
    /// <summary>0-RTT and 1-RTT packets share this space (RFC 9000 §12.3).</summary>
    ApplicationData = 2,
}
