using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// Assembles one QUIC varint (RFC 9000 §16) from bytes that may arrive split across stream
/// chunks: at most 8 bytes of state, no buffer.
/// </summary>
internal struct VarintAccumulator
{
    private ulong _value;
    private int _needed;
    private int _have;

    /// <summary>No byte of a varint has been consumed yet.</summary>
    public readonly bool IsEmpty => _have == 0;

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until a varint is complete (true) or the
    /// input is exhausted (false; the partial value is kept for the next call).
    /// </summary>
    public bool TryAccumulate(ref ReadOnlySpan<byte> input, out ulong value)
    {
        // Fast path: the whole varint is in this chunk.
        if (_have == 0 && QuicVarint.TryRead(input, out value, out int n))
        {
            input = input[n..];
            return true;
        }
        while (!input.IsEmpty)
        {
            byte b = input[0];
            input = input[1..];
            if (_have == 0)
            {
                _needed = QuicVarint.GetLengthFromFirstByte(b);
                _value = (ulong)(b & 0x3f);
            }
            else
            {
                _value = (_value << 8) | b;
            }
            if (++_have == _needed)
            {
                value = _value;
                Reset();
                return true;
            }
        }
        value = 0;
        return false;
    }

    public void Reset()
    {
        _value = 0;
        _needed = 0;
        _have = 0;
    }
}
