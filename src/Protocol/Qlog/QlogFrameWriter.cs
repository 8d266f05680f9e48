using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// The <see cref="IFrameHandler"/> that <see cref="FrameParser"/> fills a packet_sent event's
/// "frames" array with: each decoded frame becomes one qlog frame object.
/// </summary>
internal readonly struct QlogFrameWriter(QlogWriter writer) : IFrameHandler
{
    public void OnPadding(in PaddingFrame frame) => writer.WriteFrame(in frame);
    public void OnPing(in PingFrame frame) => writer.WriteFrame(in frame);
    public void OnAck(in AckFrame frame) => writer.WriteFrame(in frame);
    public void OnResetStream(in ResetStreamFrame frame) => writer.WriteFrame(in frame);
    public void OnStopSending(in StopSendingFrame frame) => writer.WriteFrame(in frame);
    public void OnCrypto(in CryptoFrame frame) => writer.WriteFrame(in frame);
    public void OnNewToken(in NewTokenFrame frame) => writer.WriteFrame(in frame);
    public void OnStream(in StreamFrame frame) => writer.WriteFrame(in frame);
    public void OnMaxData(in MaxDataFrame frame) => writer.WriteFrame(in frame);
    public void OnMaxStreamData(in MaxStreamDataFrame frame) => writer.WriteFrame(in frame);
    public void OnMaxStreams(in MaxStreamsFrame frame) => writer.WriteFrame(in frame);
    public void OnDataBlocked(in DataBlockedFrame frame) => writer.WriteFrame(in frame);
    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => writer.WriteFrame(in frame);
    public void OnStreamsBlocked(in StreamsBlockedFrame frame) => writer.WriteFrame(in frame);
    public void OnNewConnectionId(in NewConnectionIdFrame frame) => writer.WriteFrame(in frame);
    public void OnRetireConnectionId(in RetireConnectionIdFrame frame) => writer.WriteFrame(in frame);
    public void OnPathChallenge(in PathChallengeFrame frame) => writer.WriteFrame(in frame);
    public void OnPathResponse(in PathResponseFrame frame) => writer.WriteFrame(in frame);
    public void OnConnectionClose(in ConnectionCloseFrame frame) => writer.WriteFrame(in frame);
    public void OnHandshakeDone(in HandshakeDoneFrame frame) => writer.WriteFrame(in frame);
    public void OnDatagram(in DatagramFrame frame) => writer.WriteFrame(in frame);
}
