using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Walks the ranges of a decoded <see cref="AckFrame"/> from the largest packet numbers down
/// (RFC 9000 §19.3.1), decoding the Gap/ACK Range Length pairs in place: no allocation.
/// The frame was validated when decoded, so no step can fail or go below zero here.
/// Use with <c>foreach (var range in ack.GetRanges())</c>.
/// </summary>
public ref struct AckRangeEnumerator
{
    private ReadOnlySpan<byte> _encoded;
    private int _remaining;
    private readonly AckRange _first;
    private AckRange _current;
    private bool _started;

    internal AckRangeEnumerator(AckRange first, ReadOnlySpan<byte> encodedRanges, int count)
    {
        _first = first;
        _encoded = encodedRanges;
        _remaining = count;
        _current = default;
        _started = false;
    }

    public readonly AckRange Current => _current;

    public readonly AckRangeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            _current = _first;
            return true;
        }
        if (_remaining == 0) return false;
        QuicVarint.TryRead(_encoded, out ulong gap, out int n);
        _encoded = _encoded[n..];
        QuicVarint.TryRead(_encoded, out ulong length, out n);
        _encoded = _encoded[n..];
        _remaining--;
        // RFC 9000 §19.3.1: largest = previous_smallest - gap - 2; smallest = largest - ack_range.
        ulong largest = _current.Smallest - gap - 2;
        _current = new AckRange(largest - length, largest);
        return true;
    }
}
