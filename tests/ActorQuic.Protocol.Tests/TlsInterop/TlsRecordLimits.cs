namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>Size limits of the record layer (RFC 9846 §5.1, §5.2).</summary>
public static class TlsRecordLimits
{
    /// <summary>TLSPlaintext.length and the TLSInnerPlaintext content must not exceed 2^14 bytes.</summary>
    public const int MaxPlaintext = 1 << 14;

    /// <summary>TLSCiphertext.length must not exceed 2^14 + 256 bytes.</summary>
    public const int MaxCiphertext = (1 << 14) + 256;

    /// <summary>type(1) || legacy_record_version(2) || length(2).</summary>
    public const int HeaderLength = 5;

    /// <summary>legacy_record_version for every record but an initial ClientHello (§5.1).</summary>
    public const ushort LegacyVersion = 0x0303;

    /// <summary>legacy_record_version that an initial ClientHello SHOULD carry (§5.1).</summary>
    public const ushort InitialClientHelloVersion = 0x0301;
}
