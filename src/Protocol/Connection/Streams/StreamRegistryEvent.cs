using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// Something the <see cref="StreamRegistry"/>'s owner acts on, as a plain value. Which fields
/// mean what depends on <see cref="Kind"/> (see <see cref="StreamRegistryEventKind"/>); build
/// values with the factories.
/// </summary>
public readonly record struct StreamRegistryEvent(
    StreamRegistryEventKind Kind,
    StreamId StreamId = default,
    ulong Value = 0,
    ulong Value2 = 0,
    bool Flag = false)
{
    public static StreamRegistryEvent StreamOpenedByPeer(StreamId id, ulong peerInitialSendLimit) =>
        new(StreamRegistryEventKind.StreamOpenedByPeer, id, peerInitialSendLimit);

    public static StreamRegistryEvent StreamDataAvailable(StreamId id, ulong readableBytes, bool fin) =>
        new(StreamRegistryEventKind.StreamDataAvailable, id, readableBytes, Flag: fin);

    public static StreamRegistryEvent StreamResetByPeer(StreamId id, ulong applicationErrorCode, ulong finalSize) =>
        new(StreamRegistryEventKind.StreamResetByPeer, id, applicationErrorCode, finalSize);

    public static StreamRegistryEvent StopSendingReceived(StreamId id, ulong applicationErrorCode) =>
        new(StreamRegistryEventKind.StopSendingReceived, id, applicationErrorCode);

    public static StreamRegistryEvent PeerStreamCreditRaised(StreamId id, ulong limit) =>
        new(StreamRegistryEventKind.PeerStreamCreditRaised, id, limit);

    public static StreamRegistryEvent PeerConnectionCreditRaised(ulong limit) =>
        new(StreamRegistryEventKind.PeerConnectionCreditRaised, Value: limit);

    public static StreamRegistryEvent PeerStreamsLimitRaised(bool bidirectional, ulong maxStreams) =>
        new(StreamRegistryEventKind.PeerStreamsLimitRaised, Value: maxStreams, Flag: bidirectional);

    public static StreamRegistryEvent StreamClosed(StreamId id) => new(StreamRegistryEventKind.StreamClosed, id);

    public override string ToString() => Kind switch
    {
        StreamRegistryEventKind.StreamOpenedByPeer => $"StreamOpenedByPeer({StreamId}, sendLimit {Value})",
        StreamRegistryEventKind.StreamDataAvailable => $"StreamDataAvailable({StreamId}, {Value}{(Flag ? ", fin" : "")})",
        StreamRegistryEventKind.StreamResetByPeer => $"StreamResetByPeer({StreamId}, code {Value}, final size {Value2})",
        StreamRegistryEventKind.StopSendingReceived => $"StopSendingReceived({StreamId}, code {Value})",
        StreamRegistryEventKind.PeerStreamCreditRaised => $"PeerStreamCreditRaised({StreamId}, {Value})",
        StreamRegistryEventKind.PeerConnectionCreditRaised => $"PeerConnectionCreditRaised({Value})",
        StreamRegistryEventKind.PeerStreamsLimitRaised => $"PeerStreamsLimitRaised({(Flag ? "bidi" : "uni")}, {Value})",
        StreamRegistryEventKind.StreamClosed => $"StreamClosed({StreamId})",
        _ => Kind.ToString(),
    };
}
