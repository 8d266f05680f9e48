using ActorQuic.Protocol.Qlog;

namespace ActorQuic.Protocol.Send;

public sealed partial class PacketAssembler
{
    /// <summary>Logs every packet as transport:packet_sent when set; null (the default): one null check per packet.</summary>
    public QlogWriter? Qlog { get; set; }
}
