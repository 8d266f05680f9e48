using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ActorQuic.Protocol.Wire;

/// <summary>
/// Variable-length integer encoding (RFC 9000 §16): the two most significant bits of the
/// first byte give the length (1, 2, 4 or 8 bytes); the rest is the value, big-endian.
/// </summary>
public static class QuicVarint
{
    /// <summary>The largest value a varint can carry: 2^62 - 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>Bytes needed to encode <paramref name="value"/> in its shortest form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetLength(ulong value) => value switch
    {
        <= 63 => 1,
        <= 16383 => 2,
        <= 1073741823 => 4,
        <= MaxValue => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "exceeds 2^62-1"),
    };

    /// <summary>Length of the varint whose first byte is <paramref name="firstByte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetLengthFromFirstByte(byte firstByte) => 1 << (firstByte >> 6);

    /// <summary>Reads a varint; false when the input is too short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }
        int length = GetLengthFromFirstByte(source[0]);
        if (source.Length < length)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }
        bytesRead = length;
        value = length switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3FFFu,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3FFF_FFFFu,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & 0x3FFF_FFFF_FFFF_FFFFUL,
        };
        return true;
    }

    /// <summary>Writes <paramref name="value"/> in its shortest form; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value) => Write(destination, value, GetLength(value));

    /// <summary>
    /// Writes <paramref name="value"/> using exactly <paramref name="length"/> bytes (1, 2, 4 or 8).
    /// A longer-than-needed encoding is legal (RFC 9000 §16) and lets a length field be
    /// reserved before the length is known.
    /// </summary>
    public static int Write(Span<byte> destination, ulong value, int length)
    {
        switch (length)
        {
            case 1 when value <= 63:
                destination[0] = (byte)value;
                return 1;
            case 2 when value <= 16383:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                return 2;
            case 4 when value <= 1073741823:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                return 4;
            case 8 when value <= MaxValue:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                return 8;
            default:
                throw new ArgumentOutOfRangeException(nameof(length), length, $"cannot encode {value} in {length} bytes");
        }
    }
}
