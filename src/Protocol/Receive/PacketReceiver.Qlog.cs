using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// qlog of what the receiver drops and stashes (transport:packet_dropped, packet_buffered);
/// packets it processes are logged by a <see cref="QlogPacketHandler{TInner}"/> around the handler.
/// </summary>
public sealed partial class PacketReceiver
{
    // The time of the datagram or replay being processed, for the drop events.
    private TimeSpan _traceNow;

    /// <summary>Logs dropped and stashed packets when set; null (the default): no logging, one null check per drop.</summary>
    public QlogWriter? Qlog { get; set; }

    private void TraceDrop(PacketType type, ulong? packetNumber, int length, QlogDropTrigger trigger) =>
        Qlog?.PacketDropped(_traceNow, type, packetNumber, length, trigger);

    private void TraceDrop(in Packets.PacketHeader header, QlogDropTrigger trigger) =>
        Qlog?.PacketDropped(_traceNow, header.Type, null, header.PacketLength, trigger);

    /// <summary>Packets the splitter skipped or could not delimit: only their count is known.</summary>
    private void TraceUndelimited(int count)
    {
        for (int i = 0; i < count; i++) TraceDrop(PacketType.Unknown, null, 0, QlogDropTrigger.HeaderParseError);
    }
}
