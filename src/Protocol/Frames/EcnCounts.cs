using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>The cumulative ECN counts an ACK frame of type 0x03 carries (RFC 9000 §19.3.2).</summary>
public readonly record struct EcnCounts(ulong Ect0, ulong Ect1, ulong Ce)
{
    internal int GetEncodedLength() =>
        QuicVarint.GetLength(Ect0) + QuicVarint.GetLength(Ect1) + QuicVarint.GetLength(Ce);

    internal void Encode(ref QuicWriter w)
    {
        w.WriteVarint(Ect0);
        w.WriteVarint(Ect1);
        w.WriteVarint(Ce);
    }
}
