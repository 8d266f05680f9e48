using System.Security.Cryptography;
using System.Text;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// HKDF-Expand-Label (TLS 1.3, RFC 8446 §7.1), used by both the TLS key schedule and QUIC
/// packet protection (RFC 9001 §5.1). The label is prefixed with "tls13 ".
/// </summary>
public static class HkdfLabel
{
    /// <summary>Expands <paramref name="secret"/> into <paramref name="output"/> (whose length is the L of the spec).</summary>
    public static void Expand(HashAlgorithmName hash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> context, Span<byte> output)
    {
        // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
        Span<byte> info = stackalloc byte[2 + 1 + 6 + 255 + 1 + 255];
        int n = 0;
        info[n++] = (byte)(output.Length >> 8);
        info[n++] = (byte)output.Length;
        info[n++] = (byte)(6 + label.Length);
        "tls13 "u8.CopyTo(info[n..]);
        n += 6;
        label.CopyTo(info[n..]);
        n += label.Length;
        info[n++] = (byte)context.Length;
        context.CopyTo(info[n..]);
        n += context.Length;
        HKDF.Expand(hash, secret, output, info[..n]);
    }

    public static byte[] Expand(HashAlgorithmName hash, ReadOnlySpan<byte> secret, string label,
        ReadOnlySpan<byte> context, int length)
    {
        var output = new byte[length];
        Expand(hash, secret, Encoding.ASCII.GetBytes(label), context, output);
        return output;
    }
}
