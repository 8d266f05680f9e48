using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorQuic.Protocol.Wire;

/// <summary>
/// A connection ID of 0 to 20 bytes (RFC 9000 §5.1, §17.2) held inline, so it can key the
/// routing table and travel in messages without allocating.
/// </summary>
public readonly struct ConnectionId : IEquatable<ConnectionId>
{
    /// <summary>Longest connection ID QUIC v1 and v2 allow (RFC 9000 §17.2).</summary>
    public const int MaxLength = 20;

    [InlineArray(MaxLength)]
    private struct Buffer20
    {
        private byte _element0;
    }

    private readonly Buffer20 _bytes;
    private readonly byte _length;

    public static ConnectionId Empty => default;

    public ConnectionId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
            throw new ArgumentException($"a connection ID is at most {MaxLength} bytes, got {bytes.Length}", nameof(bytes));
        Buffer20 buffer = default;
        bytes.CopyTo(buffer);
        _bytes = buffer;
        _length = (byte)bytes.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    /// <summary>The ID's bytes. The span points into this value: copy the struct to a local or field first.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in _bytes[0]), _length);

    public byte[] ToArray() => Span.ToArray();

    public static ConnectionId FromHex(string hex) => new(Convert.FromHexString(hex));

    public bool Equals(ConnectionId other) => _length == other._length && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ConnectionId other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ConnectionId left, ConnectionId right) => left.Equals(right);

    public static bool operator !=(ConnectionId left, ConnectionId right) => !left.Equals(right);

    public override string ToString() => _length == 0 ? "(empty)" : Convert.ToHexStringLower(Span);
}
