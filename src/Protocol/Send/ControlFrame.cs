using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

/// <summary>
/// One control frame as a plain value: what the sender queues, writes and remembers per sent
/// packet so that loss can re-queue the information (RFC 9000 §13.3: "retransmit frames, not
/// packets"). One shape for every kind keeps the queue a flat array; the fields a kind does
/// not use are zero. Build values with the factories.
/// </summary>
/// <param name="StreamId">MAX_STREAM_DATA, STREAM_DATA_BLOCKED, RESET_STREAM, STOP_SENDING.</param>
/// <param name="Value">The limit, sequence number, error code or path data, depending on the kind.</param>
/// <param name="Value2">RESET_STREAM's final size, NEW_CONNECTION_ID's Retire Prior To.</param>
/// <param name="Bidirectional">MAX_STREAMS and STREAMS_BLOCKED: which stream type.</param>
/// <param name="ConnectionId">NEW_CONNECTION_ID.</param>
/// <param name="ResetToken">NEW_CONNECTION_ID.</param>
/// <param name="Token">NEW_TOKEN; the caller must not change the bytes afterwards.</param>
public readonly record struct ControlFrame(
    ControlFrameKind Kind,
    ulong StreamId = 0,
    ulong Value = 0,
    ulong Value2 = 0,
    bool Bidirectional = false,
    ConnectionId ConnectionId = default,
    StatelessResetToken ResetToken = default,
    ReadOnlyMemory<byte> Token = default)
{
    public static ControlFrame MaxData(ulong maximumData) => new(ControlFrameKind.MaxData, Value: maximumData);

    public static ControlFrame MaxStreamData(ulong streamId, ulong maximum) =>
        new(ControlFrameKind.MaxStreamData, streamId, maximum);

    public static ControlFrame MaxStreams(bool bidirectional, ulong maximumStreams) =>
        new(ControlFrameKind.MaxStreams, Value: maximumStreams, Bidirectional: bidirectional);

    public static ControlFrame DataBlocked(ulong limit) => new(ControlFrameKind.DataBlocked, Value: limit);

    public static ControlFrame StreamDataBlocked(ulong streamId, ulong limit) =>
        new(ControlFrameKind.StreamDataBlocked, streamId, limit);

    public static ControlFrame StreamsBlocked(bool bidirectional, ulong limit) =>
        new(ControlFrameKind.StreamsBlocked, Value: limit, Bidirectional: bidirectional);

    public static ControlFrame NewConnectionId(ulong sequenceNumber, ulong retirePriorTo, ConnectionId connectionId, StatelessResetToken resetToken) =>
        new(ControlFrameKind.NewConnectionId, Value: sequenceNumber, Value2: retirePriorTo, ConnectionId: connectionId, ResetToken: resetToken);

    public static ControlFrame RetireConnectionId(ulong sequenceNumber) =>
        new(ControlFrameKind.RetireConnectionId, Value: sequenceNumber);

    public static ControlFrame NewToken(ReadOnlyMemory<byte> token) => new(ControlFrameKind.NewToken, Token: token);

    public static ControlFrame PathChallenge(ulong data) => new(ControlFrameKind.PathChallenge, Value: data);

    public static ControlFrame PathResponse(ulong data) => new(ControlFrameKind.PathResponse, Value: data);

    public static ControlFrame ResetStream(ulong streamId, ulong applicationErrorCode, ulong finalSize) =>
        new(ControlFrameKind.ResetStream, streamId, applicationErrorCode, finalSize);

    public static ControlFrame StopSending(ulong streamId, ulong applicationErrorCode) =>
        new(ControlFrameKind.StopSending, streamId, applicationErrorCode);

    public static ControlFrame HandshakeDone() => new(ControlFrameKind.HandshakeDone);

    /// <summary>The wire frame type (picks the bidirectional/unidirectional variant).</summary>
    public FrameType FrameType => Kind switch
    {
        ControlFrameKind.MaxData => FrameType.MaxData,
        ControlFrameKind.MaxStreamData => FrameType.MaxStreamData,
        ControlFrameKind.MaxStreams => Bidirectional ? FrameType.MaxStreamsBidi : FrameType.MaxStreamsUni,
        ControlFrameKind.DataBlocked => FrameType.DataBlocked,
        ControlFrameKind.StreamDataBlocked => FrameType.StreamDataBlocked,
        ControlFrameKind.StreamsBlocked => Bidirectional ? FrameType.StreamsBlockedBidi : FrameType.StreamsBlockedUni,
        ControlFrameKind.NewConnectionId => FrameType.NewConnectionId,
        ControlFrameKind.RetireConnectionId => FrameType.RetireConnectionId,
        ControlFrameKind.NewToken => FrameType.NewToken,
        ControlFrameKind.PathChallenge => FrameType.PathChallenge,
        ControlFrameKind.PathResponse => FrameType.PathResponse,
        ControlFrameKind.ResetStream => FrameType.ResetStream,
        ControlFrameKind.StopSending => FrameType.StopSending,
        ControlFrameKind.HandshakeDone => FrameType.HandshakeDone,
        _ => throw new InvalidOperationException($"unknown control frame kind {Kind}"),
    };

    public int GetEncodedLength() => Kind switch
    {
        ControlFrameKind.MaxData => new MaxDataFrame(Value).GetEncodedLength(),
        ControlFrameKind.MaxStreamData => new MaxStreamDataFrame(StreamId, Value).GetEncodedLength(),
        ControlFrameKind.MaxStreams => new MaxStreamsFrame(Bidirectional, Value).GetEncodedLength(),
        ControlFrameKind.DataBlocked => new DataBlockedFrame(Value).GetEncodedLength(),
        ControlFrameKind.StreamDataBlocked => new StreamDataBlockedFrame(StreamId, Value).GetEncodedLength(),
        ControlFrameKind.StreamsBlocked => new StreamsBlockedFrame(Bidirectional, Value).GetEncodedLength(),
        ControlFrameKind.NewConnectionId => new NewConnectionIdFrame(Value, Value2, ConnectionId, ResetToken).GetEncodedLength(),
        ControlFrameKind.RetireConnectionId => new RetireConnectionIdFrame(Value).GetEncodedLength(),
        ControlFrameKind.NewToken => new NewTokenFrame(Token).GetEncodedLength(),
        ControlFrameKind.PathChallenge => new PathChallengeFrame(Value).GetEncodedLength(),
        ControlFrameKind.PathResponse => new PathResponseFrame(Value).GetEncodedLength(),
        ControlFrameKind.ResetStream => new ResetStreamFrame(StreamId, Value, Value2).GetEncodedLength(),
        ControlFrameKind.StopSending => new StopSendingFrame(StreamId, Value).GetEncodedLength(),
        ControlFrameKind.HandshakeDone => 1,
        _ => throw new InvalidOperationException($"unknown control frame kind {Kind}"),
    };

    public void Encode(ref QuicWriter w)
    {
        switch (Kind)
        {
            case ControlFrameKind.MaxData: new MaxDataFrame(Value).Encode(ref w); break;
            case ControlFrameKind.MaxStreamData: new MaxStreamDataFrame(StreamId, Value).Encode(ref w); break;
            case ControlFrameKind.MaxStreams: new MaxStreamsFrame(Bidirectional, Value).Encode(ref w); break;
            case ControlFrameKind.DataBlocked: new DataBlockedFrame(Value).Encode(ref w); break;
            case ControlFrameKind.StreamDataBlocked: new StreamDataBlockedFrame(StreamId, Value).Encode(ref w); break;
            case ControlFrameKind.StreamsBlocked: new StreamsBlockedFrame(Bidirectional, Value).Encode(ref w); break;
            case ControlFrameKind.NewConnectionId: new NewConnectionIdFrame(Value, Value2, ConnectionId, ResetToken).Encode(ref w); break;
            case ControlFrameKind.RetireConnectionId: new RetireConnectionIdFrame(Value).Encode(ref w); break;
            case ControlFrameKind.NewToken: new NewTokenFrame(Token).Encode(ref w); break;
            case ControlFrameKind.PathChallenge: new PathChallengeFrame(Value).Encode(ref w); break;
            case ControlFrameKind.PathResponse: new PathResponseFrame(Value).Encode(ref w); break;
            case ControlFrameKind.ResetStream: new ResetStreamFrame(StreamId, Value, Value2).Encode(ref w); break;
            case ControlFrameKind.StopSending: new StopSendingFrame(StreamId, Value).Encode(ref w); break;
            case ControlFrameKind.HandshakeDone: default(HandshakeDoneFrame).Encode(ref w); break;
            default: throw new InvalidOperationException($"unknown control frame kind {Kind}");
        }
    }
}
