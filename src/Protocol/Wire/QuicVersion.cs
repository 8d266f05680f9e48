namespace ActorQuic.Protocol.Wire;

/// <summary>QUIC version numbers this stack knows (RFC 9000 §15, RFC 9369 §3.1).</summary>
public static class QuicVersion
{
    /// <summary>Reserved for Version Negotiation packets (RFC 9000 §17.2.1).</summary>
    public const uint Negotiation = 0x00000000;
    public const uint V1 = 0x00000001;
    public const uint V2 = 0x6b3343cf;

    public static bool IsSupported(uint version) => version is V1 or V2;

    /// <summary>Versions of the form 0x?a?a?a?a are reserved to exercise negotiation (RFC 9000 §15).</summary>
    public static bool IsReservedForGrease(uint version) => (version & 0x0f0f0f0f) == 0x0a0a0a0a;
}
