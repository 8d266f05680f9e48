using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// A control frame the <see cref="StreamRegistry"/> wants sent, as a plain value. The owner
/// hands it to the sender, which alone repairs its loss (RFC 9000 §13.3): MAX_DATA,
/// MAX_STREAM_DATA and MAX_STREAMS are resent with the current value, STOP_SENDING until
/// acknowledged or moot, STREAMS_BLOCKED while still blocked at that limit.
/// </summary>
/// <param name="StreamId">MAX_STREAM_DATA and STOP_SENDING.</param>
/// <param name="Value">The limit, stream count or application error code.</param>
/// <param name="Bidirectional">MAX_STREAMS and STREAMS_BLOCKED: which stream type.</param>
public readonly record struct StreamControlFrame(
    StreamControlFrameKind Kind,
    ulong StreamId = 0,
    ulong Value = 0,
    bool Bidirectional = false)
{
    public static StreamControlFrame MaxData(ulong maximumData) => new(StreamControlFrameKind.MaxData, Value: maximumData);

    public static StreamControlFrame MaxStreamData(ulong streamId, ulong maximumStreamData) =>
        new(StreamControlFrameKind.MaxStreamData, streamId, maximumStreamData);

    public static StreamControlFrame MaxStreams(bool bidirectional, ulong maximumStreams) =>
        new(StreamControlFrameKind.MaxStreams, Value: maximumStreams, Bidirectional: bidirectional);

    public static StreamControlFrame StopSending(ulong streamId, ulong applicationErrorCode) =>
        new(StreamControlFrameKind.StopSending, streamId, applicationErrorCode);

    public static StreamControlFrame StreamsBlocked(bool bidirectional, ulong limit) =>
        new(StreamControlFrameKind.StreamsBlocked, Value: limit, Bidirectional: bidirectional);

    /// <summary>The wire frame type.</summary>
    public FrameType FrameType => Kind switch
    {
        StreamControlFrameKind.MaxData => FrameType.MaxData,
        StreamControlFrameKind.MaxStreamData => FrameType.MaxStreamData,
        StreamControlFrameKind.MaxStreams => Bidirectional ? FrameType.MaxStreamsBidi : FrameType.MaxStreamsUni,
        StreamControlFrameKind.StopSending => FrameType.StopSending,
        StreamControlFrameKind.StreamsBlocked => Bidirectional ? FrameType.StreamsBlockedBidi : FrameType.StreamsBlockedUni,
        _ => throw new InvalidOperationException($"unknown control frame kind {Kind}"),
    };

    public override string ToString() => Kind switch
    {
        StreamControlFrameKind.MaxData => $"MAX_DATA({Value})",
        StreamControlFrameKind.MaxStreamData => $"MAX_STREAM_DATA({StreamId}, {Value})",
        StreamControlFrameKind.MaxStreams => $"MAX_STREAMS({(Bidirectional ? "bidi" : "uni")}, {Value})",
        StreamControlFrameKind.StopSending => $"STOP_SENDING({StreamId}, code {Value})",
        StreamControlFrameKind.StreamsBlocked => $"STREAMS_BLOCKED({(Bidirectional ? "bidi" : "uni")}, {Value})",
        _ => Kind.ToString(),
    };
}
