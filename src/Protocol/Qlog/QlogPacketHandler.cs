using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Receive;

namespace ActorQuic.Protocol.Qlog;

/// <summary>
/// Wraps a receiver's <see cref="IPacketHandler"/> to log each authenticated packet as
/// transport:packet_received with its frames, then passes every call on unchanged. A receiver
/// uses it only while qlog is on, so the untraced path keeps its own direct generic calls.
/// </summary>
/// <remarks>
/// Each frame is logged before the inner handler sees it. When the inner handler throws (a
/// frame the connection rejects), the event is left unfinished and the writer's next event
/// discards it: the connection is closing then, and connection_closed says why.
/// </remarks>
public struct QlogPacketHandler<TInner>(TInner inner, QlogWriter writer, TimeSpan now) : IPacketHandler
    where TInner : struct, IPacketHandler
{
    private TInner _inner = inner;

    /// <summary>The wrapped handler, with whatever state it gathered.</summary>
    public readonly TInner Inner => _inner;

    public void OnPacketStart(in ReceivedPacket packet)
    {
        writer.BeginPacketReceived(now, in packet);
        _inner.OnPacketStart(in packet);
    }

    public void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly)
    {
        _inner.OnPacketEnd(in packet, ackEliciting, probingOnly);
        writer.EndPacketReceived(in packet);
    }

    public void OnPadding(in PaddingFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnPadding(in frame);
    }

    public void OnPing(in PingFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnPing(in frame);
    }

    public void OnAck(in AckFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnAck(in frame);
    }

    public void OnResetStream(in ResetStreamFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnResetStream(in frame);
    }

    public void OnStopSending(in StopSendingFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnStopSending(in frame);
    }

    public void OnCrypto(in CryptoFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnCrypto(in frame);
    }

    public void OnNewToken(in NewTokenFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnNewToken(in frame);
    }

    public void OnStream(in StreamFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnStream(in frame);
    }

    public void OnMaxData(in MaxDataFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnMaxData(in frame);
    }

    public void OnMaxStreamData(in MaxStreamDataFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnMaxStreamData(in frame);
    }

    public void OnMaxStreams(in MaxStreamsFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnMaxStreams(in frame);
    }

    public void OnDataBlocked(in DataBlockedFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnDataBlocked(in frame);
    }

    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnStreamDataBlocked(in frame);
    }

    public void OnStreamsBlocked(in StreamsBlockedFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnStreamsBlocked(in frame);
    }

    public void OnNewConnectionId(in NewConnectionIdFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnNewConnectionId(in frame);
    }

    public void OnRetireConnectionId(in RetireConnectionIdFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnRetireConnectionId(in frame);
    }

    public void OnPathChallenge(in PathChallengeFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnPathChallenge(in frame);
    }

    public void OnPathResponse(in PathResponseFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnPathResponse(in frame);
    }

    public void OnConnectionClose(in ConnectionCloseFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnConnectionClose(in frame);
    }

    public void OnHandshakeDone(in HandshakeDoneFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnHandshakeDone(in frame);
    }

    public void OnDatagram(in DatagramFrame frame)
    {
        writer.WriteFrame(in frame);
        _inner.OnDatagram(in frame);
    }
}
