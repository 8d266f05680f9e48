using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// Reads a unidirectional stream's header incrementally (RFC 9114 §6.2): the stream type varint
/// and, for a push stream, the push id varint (§6.2.2). The rest of the stream stays in the
/// input for the stream's own parser. A stream closed or reset before its header is complete is
/// simply dropped (§6.2: receivers MUST tolerate it), so there is no end-of-stream check.
/// A mutable struct: keep it in a field, don't copy it.
/// </summary>
public struct UnidirectionalStreamTypeReader
{
    private VarintAccumulator _varint;
    private ulong _type;
    private bool _haveType;

    /// <summary>
    /// Consumes header bytes from <paramref name="input"/>; true once the header is complete (then
    /// <paramref name="input"/> holds the first bytes of the stream body, if any).
    /// </summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out UnidirectionalStreamHeader header)
    {
        if (!_haveType)
        {
            if (!_varint.TryAccumulate(ref input, out _type))
            {
                header = default;
                return false;
            }
            _haveType = true;
        }
        if (_type == (ulong)UnidirectionalStreamType.Push)
        {
            if (!_varint.TryAccumulate(ref input, out ulong pushId))
            {
                header = default;
                return false;
            }
            header = new UnidirectionalStreamHeader(_type, pushId);
            return true;
        }
        header = new UnidirectionalStreamHeader(_type);
        return true;
    }

    /// <summary>Writes a stream type (the first bytes we send on a unidirectional stream).</summary>
    public static void WriteStreamType(ref QuicWriter w, UnidirectionalStreamType type) => w.WriteVarint((ulong)type);

    /// <summary>Writes a reserved stream type 0x1f * N + 0x21 (§6.2.3) for a grease stream.</summary>
    public static void WriteReservedStreamType(ref QuicWriter w, ulong n) => w.WriteVarint(Http3Grease.GetReserved(n));
}
