using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

/// <summary>
/// A reserved ("greased") transport parameter with an identifier of the form 31 * N + 27
/// (RFC 9000 §18.1). Sending one checks that peers really ignore unknown parameters.
/// </summary>
public sealed class ReservedTransportParameter
{
    /// <summary>Largest N whose identifier 31 * N + 27 still fits in a varint.</summary>
    public const ulong MaxN = (QuicVarint.MaxValue - 27) / 31;

    public ReservedTransportParameter(ulong n, ReadOnlyMemory<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxN);
        Id = 31 * n + 27;
        Value = value;
    }

    public ulong Id { get; }

    /// <summary>Arbitrary content: the parameter has no semantics (RFC 9000 §18.1).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    public static bool IsReserved(ulong id) => id >= 27 && (id - 27) % 31 == 0;

    /// <summary>
    /// A random reserved parameter with up to 16 random bytes. Small N values are favoured
    /// half the time so the identifier's varint length varies too.
    /// </summary>
    public static ReservedTransportParameter Create(Random random)
    {
        ulong n = random.Next(2) == 0
            ? (ulong)random.Next(0, 64)
            : (ulong)random.NextInt64(0, (long)MaxN + 1);
        var value = new byte[random.Next(0, 17)];
        random.NextBytes(value);
        return new ReservedTransportParameter(n, value);
    }

    internal int GetEncodedLength() =>
        QuicVarint.GetLength(Id) + QuicVarint.GetLength((ulong)Value.Length) + Value.Length;

    internal void Encode(ref QuicWriter writer)
    {
        writer.WriteVarint(Id);
        writer.WriteVarint((ulong)Value.Length);
        writer.WriteBytes(Value.Span);
    }
}
