namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Receives the frames <see cref="FrameParser"/> decodes, one typed call per frame. Implement
/// it on a struct: the parser is generic over the handler, so every call is a direct,
/// inlinable call with no interface dispatch and no boxing. Frames holding
/// <see cref="ReadOnlyMemory{T}"/> point into the packet payload, valid only as long as it is.
/// A handler may throw <see cref="QuicProtocolException"/> for semantic errors (stream
/// state, flow control, ...); parsing stops there.
/// </summary>
public interface IFrameHandler
{
    /// <summary>A run of consecutive PADDING bytes, reported once.</summary>
    void OnPadding(in PaddingFrame frame);
    void OnPing(in PingFrame frame);
    void OnAck(in AckFrame frame);
    void OnResetStream(in ResetStreamFrame frame);
    void OnStopSending(in StopSendingFrame frame);
    void OnCrypto(in CryptoFrame frame);
    void OnNewToken(in NewTokenFrame frame);
    void OnStream(in StreamFrame frame);
    void OnMaxData(in MaxDataFrame frame);
    void OnMaxStreamData(in MaxStreamDataFrame frame);
    void OnMaxStreams(in MaxStreamsFrame frame);
    void OnDataBlocked(in DataBlockedFrame frame);
    void OnStreamDataBlocked(in StreamDataBlockedFrame frame);
    void OnStreamsBlocked(in StreamsBlockedFrame frame);
    void OnNewConnectionId(in NewConnectionIdFrame frame);
    void OnRetireConnectionId(in RetireConnectionIdFrame frame);
    void OnPathChallenge(in PathChallengeFrame frame);
    void OnPathResponse(in PathResponseFrame frame);
    void OnConnectionClose(in ConnectionCloseFrame frame);
    void OnHandshakeDone(in HandshakeDoneFrame frame);
    void OnDatagram(in DatagramFrame frame);
}
