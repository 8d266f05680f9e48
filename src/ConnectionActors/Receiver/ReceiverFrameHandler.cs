using ActorQuic.Protocol;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Turns decoded frames into messages. Frame memory points into the datagram, which is reused
/// once <see cref="PacketReceiver.Receive{THandler}"/> returns, so every byte that leaves is copied.
/// </summary>
internal struct ReceiverFrameHandler(ReceiveOutputs outputs) : IPacketHandler
{
    public void OnPacketStart(in ReceivedPacket packet)
    {
        outputs.CurrentLevel = packet.Level;
        outputs.CurrentDestinationConnectionId = new ConnectionId(packet.DestinationConnectionId.Span);
        // RFC 9000 §7.2: the peer's SCID of its first long-header packet becomes our DCID.
        if (packet.Type is PacketType.Initial or PacketType.Handshake && outputs.PeerSourceConnectionId is null)
            outputs.PeerSourceConnectionId = new ConnectionId(packet.SourceConnectionId.Span);
    }

    public void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly)
    {
    }

    public void OnPadding(in PaddingFrame frame)
    {
    }

    public void OnPing(in PingFrame frame)
    {
    }

    public void OnAck(in AckFrame frame)
    {
        var ranges = outputs.RangeScratch;
        ranges.Clear();
        foreach (var range in frame.GetRanges()) ranges.Add(range);
        outputs.Acks.Add(new AckReceived(outputs.CurrentLevel.ToPacketNumberSpace(), ranges.ToArray(), frame.AckDelay, outputs.Now));
    }

    public void OnCrypto(in CryptoFrame frame) =>
        outputs.Crypto.Add(new CryptoReceived(outputs.CurrentLevel, frame.Offset, frame.Data.ToArray()));

    // Stream frames go to the connection, whose stream registry validates them (RFC 9000 §19.4-§19.14)
    // before anything reaches the sender or the application.
    public void OnStream(in StreamFrame frame) =>
        outputs.ToConnection.Add(new FrameReceived<StreamFrame>(frame with { Data = frame.Data.ToArray() }));

    public void OnMaxData(in MaxDataFrame frame) => outputs.ToConnection.Add(new FrameReceived<MaxDataFrame>(frame));

    public void OnMaxStreamData(in MaxStreamDataFrame frame) => outputs.ToConnection.Add(new FrameReceived<MaxStreamDataFrame>(frame));

    public void OnResetStream(in ResetStreamFrame frame) => outputs.ToConnection.Add(new FrameReceived<ResetStreamFrame>(frame));

    public void OnStopSending(in StopSendingFrame frame) => outputs.ToConnection.Add(new FrameReceived<StopSendingFrame>(frame));

    public void OnMaxStreams(in MaxStreamsFrame frame) => outputs.ToConnection.Add(new FrameReceived<MaxStreamsFrame>(frame));

    public void OnDataBlocked(in DataBlockedFrame frame) => outputs.ToConnection.Add(new FrameReceived<DataBlockedFrame>(frame));

    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => outputs.ToConnection.Add(new FrameReceived<StreamDataBlockedFrame>(frame));

    public void OnStreamsBlocked(in StreamsBlockedFrame frame) => outputs.ToConnection.Add(new FrameReceived<StreamsBlockedFrame>(frame));

    public void OnDatagram(in DatagramFrame frame) =>
        outputs.ToConnection.Add(new FrameReceived<DatagramFrame>(frame with { Data = frame.Data.ToArray() }));

    public void OnConnectionClose(in ConnectionCloseFrame frame) =>
        outputs.ToConnection.Add(new ConnectionCloseReceived(frame with { ReasonPhrase = frame.ReasonPhrase.ToArray() }));

    public void OnHandshakeDone(in HandshakeDoneFrame frame) => outputs.ToConnection.Add(HandshakeDoneReceived.Instance);

    public void OnNewConnectionId(in NewConnectionIdFrame frame) =>
        outputs.ToConnection.Add(new NewConnectionIdReceived(frame.SequenceNumber, frame.RetirePriorTo, frame.ConnectionId, frame.StatelessResetToken));

    // Not handled yet (tokens, migration): accepted and ignored.
    public void OnNewToken(in NewTokenFrame frame)
    {
    }

    public void OnRetireConnectionId(in RetireConnectionIdFrame frame) =>
        outputs.ToConnection.Add(new RetireConnectionIdReceived(frame.SequenceNumber, outputs.CurrentDestinationConnectionId));

    public void OnPathChallenge(in PathChallengeFrame frame)
    {
    }

    public void OnPathResponse(in PathResponseFrame frame)
    {
    }
}
