namespace ActorQuic.Protocol.Wire;

/// <summary>An inclusive range of acknowledged packet numbers (RFC 9000 §19.3.1).</summary>
public readonly record struct AckRange(ulong Smallest, ulong Largest)
{
    /// <summary>Number of packets in the range.</summary>
    public ulong Count => Largest - Smallest + 1;

    public bool Contains(ulong packetNumber) => packetNumber >= Smallest && packetNumber <= Largest;
}
