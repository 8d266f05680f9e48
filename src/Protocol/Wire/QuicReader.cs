using System.Buffers.Binary;

namespace ActorQuic.Protocol.Wire;

/// <summary>
/// A forward-only cursor over received bytes. Every read is a Try: running out of input is
/// an ordinary outcome for hostile data, and each caller maps it to its own error (a dropped
/// packet, FRAME_ENCODING_ERROR, TRANSPORT_PARAMETER_ERROR, ...). When built from memory,
/// byte ranges can be sliced out without copying.
/// </summary>
public ref struct QuicReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public QuicReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    /// <summary>A reader over a span only: <see cref="TryReadMemory"/> is not available.</summary>
    public QuicReader(ReadOnlySpan<byte> span)
    {
        _memory = default;
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _span.Length - _position;
    public readonly bool IsEnd => _position >= _span.Length;
    public readonly ReadOnlySpan<byte> RemainingSpan => _span[_position..];

    public bool TryReadVarint(out ulong value)
    {
        if (!QuicVarint.TryRead(_span[_position..], out value, out int n)) return false;
        _position += n;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        if (_position >= _span.Length)
        {
            value = 0;
            return false;
        }
        value = _span[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt24(out uint value)
    {
        if (Remaining < 3)
        {
            value = 0;
            return false;
        }
        value = (uint)(_span[_position] << 16 | _span[_position + 1] << 8 | _span[_position + 2]);
        _position += 3;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadSpan(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return false;
        }
        value = _span.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a length given as a varint (so possibly huge), guarding the int conversion.</summary>
    public bool TryReadSpan(ulong length, out ReadOnlySpan<byte> value)
    {
        if (length > (ulong)Remaining)
        {
            value = default;
            return false;
        }
        return TryReadSpan((int)length, out value);
    }

    /// <summary>Slices <paramref name="length"/> bytes out of the underlying memory without copying.</summary>
    public bool TryReadMemory(ulong length, out ReadOnlyMemory<byte> value)
    {
        if (length > (ulong)Remaining || _memory.Length != _span.Length)
        {
            value = default;
            return false;
        }
        value = _memory.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TrySkip(int length)
    {
        if (length < 0 || Remaining < length) return false;
        _position += length;
        return true;
    }
}
