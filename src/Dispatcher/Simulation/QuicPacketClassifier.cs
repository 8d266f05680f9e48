using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// Tells what QUIC packets a datagram carries, from the unprotected header bits alone
/// (<see cref="PacketHeaderParser"/>), for rules such as "drop the client's second Initial".
/// </summary>
public static class QuicPacketClassifier
{
    /// <summary>
    /// The type of the first packet, or null when it does not parse. Short headers do not encode
    /// the connection ID length, but their type does not depend on it, so none is needed.
    /// </summary>
    public static PacketType? GetFirstPacketType(ReadOnlyMemory<byte> datagram) =>
        PacketHeaderParser.TryParse(datagram, localConnectionIdLength: 0, out PacketHeader header) ? header.Type : null;

    /// <summary>
    /// True when any coalesced packet (RFC 9000 §12.2) of the datagram has <paramref name="type"/>;
    /// the walk stops at the first packet that does not parse, or at a short header, which runs
    /// to the end of the datagram.
    /// </summary>
    public static bool Contains(ReadOnlyMemory<byte> datagram, PacketType type)
    {
        while (!datagram.IsEmpty && PacketHeaderParser.TryParse(datagram, localConnectionIdLength: 0, out PacketHeader header))
        {
            if (header.Type == type)
                return true;
            if (!header.IsLongHeader || header.PacketLength <= 0)
                return false;
            datagram = datagram[header.PacketLength..];
        }
        return false;
    }
}
