using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// The constants that differ between QUIC v1 and v2 packet protection: the Initial salt, the
/// HKDF labels, and the Retry integrity key and nonce (RFC 9001 §5.1, §5.2, §5.8, §6.1;
/// RFC 9369 §3.3). Labels are ASCII without a trailing NUL (RFC 9001 §5.1).
/// </summary>
internal static class VersionLabels
{
    public static ReadOnlySpan<byte> InitialSalt(uint version) => version switch
    {
        QuicVersion.V1 => [0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a],
        QuicVersion.V2 => [0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9],
        _ => throw Unsupported(version),
    };

    public static ReadOnlySpan<byte> Key(uint version) => version switch
    {
        QuicVersion.V1 => "quic key"u8,
        QuicVersion.V2 => "quicv2 key"u8,
        _ => throw Unsupported(version),
    };

    public static ReadOnlySpan<byte> Iv(uint version) => version switch
    {
        QuicVersion.V1 => "quic iv"u8,
        QuicVersion.V2 => "quicv2 iv"u8,
        _ => throw Unsupported(version),
    };

    public static ReadOnlySpan<byte> HeaderProtection(uint version) => version switch
    {
        QuicVersion.V1 => "quic hp"u8,
        QuicVersion.V2 => "quicv2 hp"u8,
        _ => throw Unsupported(version),
    };

    public static ReadOnlySpan<byte> KeyUpdate(uint version) => version switch
    {
        QuicVersion.V1 => "quic ku"u8,
        QuicVersion.V2 => "quicv2 ku"u8,
        _ => throw Unsupported(version),
    };

    /// <summary>AEAD_AES_128_GCM key for the Retry Integrity Tag (RFC 9001 §5.8, RFC 9369 §3.3.3).</summary>
    public static ReadOnlySpan<byte> RetryKey(uint version) => version switch
    {
        QuicVersion.V1 => [0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a, 0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68, 0xc8, 0x4e],
        QuicVersion.V2 => [0x8f, 0xb4, 0xb0, 0x1b, 0x56, 0xac, 0x48, 0xe2, 0x60, 0xfb, 0xcb, 0xce, 0xad, 0x7c, 0xcc, 0x92],
        _ => throw Unsupported(version),
    };

    public static ReadOnlySpan<byte> RetryNonce(uint version) => version switch
    {
        QuicVersion.V1 => [0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b, 0xf2, 0x23, 0x98, 0x25, 0xbb],
        QuicVersion.V2 => [0xd8, 0x69, 0x69, 0xbc, 0x2d, 0x7c, 0x6d, 0x99, 0x90, 0xef, 0xb0, 0x4a],
        _ => throw Unsupported(version),
    };

    private static ArgumentOutOfRangeException Unsupported(uint version) =>
        new(nameof(version), $"0x{version:x8}", "packet protection is defined for QUIC v1 and v2 only");
}
