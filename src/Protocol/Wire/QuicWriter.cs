using System.Buffers.Binary;

namespace ActorQuic.Protocol.Wire;

/// <summary>
/// A forward-only cursor that encodes into a caller-provided buffer. Writing past the end
/// throws: the caller sizes the buffer from the encoders' <c>GetEncodedLength</c> methods,
/// so overflowing is a bug, not a network condition.
/// </summary>
public ref struct QuicWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public QuicWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;
    public readonly Span<byte> Written => _buffer[.._position];
    public readonly Span<byte> Buffer => _buffer;

    public void WriteVarint(ulong value) => _position += QuicVarint.Write(_buffer[_position..], value);

    public void WriteVarint(ulong value, int length) => _position += QuicVarint.Write(_buffer[_position..], value, length);

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt24(uint value)
    {
        var span = _buffer.Slice(_position, 3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
        _position += 3;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>Reserves <paramref name="length"/> bytes to fill in later (e.g. a length field).</summary>
    public Span<byte> Reserve(int length)
    {
        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    /// <summary>Writes <paramref name="count"/> zero bytes (PADDING frames are zeros, RFC 9000 §19.1).</summary>
    public void WriteZeros(int count)
    {
        _buffer.Slice(_position, count).Clear();
        _position += count;
    }
}
