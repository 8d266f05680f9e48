using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Receive;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Counts packets, frames and data bytes without allocating, for the allocation test.</summary>
internal struct CountingPacketHandler : IPacketHandler
{
    public int Packets;
    public int Frames;
    public long DataBytes;

    public void OnPacketStart(in ReceivedPacket packet) => Packets++;
    public void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly) { }
    public void OnPadding(in PaddingFrame frame) => Frames++;
    public void OnPing(in PingFrame frame) => Frames++;
    public void OnAck(in AckFrame frame) => Frames++;
    public void OnResetStream(in ResetStreamFrame frame) => Frames++;
    public void OnStopSending(in StopSendingFrame frame) => Frames++;
    public void OnCrypto(in CryptoFrame frame) { Frames++; DataBytes += frame.Data.Length; }
    public void OnNewToken(in NewTokenFrame frame) => Frames++;
    public void OnStream(in StreamFrame frame) { Frames++; DataBytes += frame.Data.Length; }
    public void OnMaxData(in MaxDataFrame frame) => Frames++;
    public void OnMaxStreamData(in MaxStreamDataFrame frame) => Frames++;
    public void OnMaxStreams(in MaxStreamsFrame frame) => Frames++;
    public void OnDataBlocked(in DataBlockedFrame frame) => Frames++;
    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => Frames++;
    public void OnStreamsBlocked(in StreamsBlockedFrame frame) => Frames++;
    public void OnNewConnectionId(in NewConnectionIdFrame frame) => Frames++;
    public void OnRetireConnectionId(in RetireConnectionIdFrame frame) => Frames++;
    public void OnPathChallenge(in PathChallengeFrame frame) => Frames++;
    public void OnPathResponse(in PathResponseFrame frame) => Frames++;
    public void OnConnectionClose(in ConnectionCloseFrame frame) => Frames++;
    public void OnHandshakeDone(in HandshakeDoneFrame frame) => Frames++;
    public void OnDatagram(in DatagramFrame frame) => Frames++;
}
