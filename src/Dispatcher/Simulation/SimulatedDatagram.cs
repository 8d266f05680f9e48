using System.Net;

namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// A datagram as a drop rule sees it, before any impairment applies. <see cref="Data"/> is the
/// network's own copy: rules read it and must not keep it.
/// </summary>
public readonly record struct SimulatedDatagram(
    SimulatedTransport Sender,
    IPEndPoint Source,
    IPEndPoint Destination,
    SimulatedTransport? Receiver,
    long Index,
    ReadOnlyMemory<byte> Data)
{
    /// <summary>Type of the first QUIC packet in the datagram, or null when it does not parse.</summary>
    public Protocol.Wire.PacketType? FirstPacketType => QuicPacketClassifier.GetFirstPacketType(Data);
}
