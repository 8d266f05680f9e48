namespace ActorQuic.Protocol.Recovery;

/// <summary>Maps encryption levels to the packet number space they number packets in.</summary>
public static class PacketNumberSpaceExtensions
{
    /// <summary>The number of packet number spaces, for sizing per-space arrays.</summary>
    public const int Count = 3;

    /// <summary>0-RTT and 1-RTT share the application data space (RFC 9000 §12.3).</summary>
    public static PacketNumberSpace ToPacketNumberSpace(this EncryptionLevel level) => level switch
    {
        EncryptionLevel.Initial => PacketNumberSpace.Initial,
        EncryptionLevel.Handshake => PacketNumberSpace.Handshake,
        EncryptionLevel.ZeroRtt or EncryptionLevel.OneRtt => PacketNumberSpace.ApplicationData,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown encryption level"),
    };
}
