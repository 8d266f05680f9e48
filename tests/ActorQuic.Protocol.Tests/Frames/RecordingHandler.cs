using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Collects every frame the parser reports, boxed, in order.</summary>
internal struct RecordingHandler : IFrameHandler
{
    public RecordingHandler() => Frames = new List<object>();

    public List<object> Frames { get; }

    public void OnPadding(in PaddingFrame frame) => Frames.Add(frame);
    public void OnPing(in PingFrame frame) => Frames.Add(frame);
    public void OnAck(in AckFrame frame) => Frames.Add(frame);
    public void OnResetStream(in ResetStreamFrame frame) => Frames.Add(frame);
    public void OnStopSending(in StopSendingFrame frame) => Frames.Add(frame);
    public void OnCrypto(in CryptoFrame frame) => Frames.Add(frame);
    public void OnNewToken(in NewTokenFrame frame) => Frames.Add(frame);
    public void OnStream(in StreamFrame frame) => Frames.Add(frame);
    public void OnMaxData(in MaxDataFrame frame) => Frames.Add(frame);
    public void OnMaxStreamData(in MaxStreamDataFrame frame) => Frames.Add(frame);
    public void OnMaxStreams(in MaxStreamsFrame frame) => Frames.Add(frame);
    public void OnDataBlocked(in DataBlockedFrame frame) => Frames.Add(frame);
    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => Frames.Add(frame);
    public void OnStreamsBlocked(in StreamsBlockedFrame frame) => Frames.Add(frame);
    public void OnNewConnectionId(in NewConnectionIdFrame frame) => Frames.Add(frame);
    public void OnRetireConnectionId(in RetireConnectionIdFrame frame) => Frames.Add(frame);
    public void OnPathChallenge(in PathChallengeFrame frame) => Frames.Add(frame);
    public void OnPathResponse(in PathResponseFrame frame) => Frames.Add(frame);
    public void OnConnectionClose(in ConnectionCloseFrame frame) => Frames.Add(frame);
    public void OnHandshakeDone(in HandshakeDoneFrame frame) => Frames.Add(frame);
    public void OnDatagram(in DatagramFrame frame) => Frames.Add(frame);
}
