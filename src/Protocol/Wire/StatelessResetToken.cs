using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ActorQuic.Protocol.Wire;

/// <summary>
/// A 16-byte stateless reset token (RFC 9000 §10.3), held inline so parameters and
/// connection ID tables can carry it without allocating.
/// </summary>
public readonly struct StatelessResetToken : IEquatable<StatelessResetToken>
{
    public const int Length = 16;

    [InlineArray(Length)]
    private struct Buffer16
    {
        private byte _element0;
    }

    private readonly Buffer16 _bytes;

    public StatelessResetToken(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a stateless reset token is {Length} bytes, got {bytes.Length}", nameof(bytes));
        Buffer16 buffer = default;
        bytes.CopyTo(buffer);
        _bytes = buffer;
    }

    /// <summary>The token's bytes. The span points into this value: copy the struct to a local or field first.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), Length);

    public byte[] ToArray() => Span.ToArray();

    public static StatelessResetToken FromHex(string hex) => new(Convert.FromHexString(hex));

    // RFC 9000 §10.3.1: comparing against a received token must not leak its value through timing.
    public bool Equals(StatelessResetToken other) => CryptographicOperations.FixedTimeEquals(Span, other.Span);

    public override bool Equals(object? obj) => obj is StatelessResetToken other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(StatelessResetToken left, StatelessResetToken right) => left.Equals(right);

    public static bool operator !=(StatelessResetToken left, StatelessResetToken right) => !left.Equals(right);

    public override string ToString() => Convert.ToHexStringLower(Span);
}
