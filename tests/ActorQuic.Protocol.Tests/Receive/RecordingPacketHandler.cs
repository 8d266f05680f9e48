using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Receive;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>Records packet boundaries and frames into a <see cref="Recording"/>, copying frame data.</summary>
internal struct RecordingPacketHandler(Recording recording) : IPacketHandler
{
    public readonly Recording Recording = recording;

    public readonly void OnPacketStart(in ReceivedPacket packet)
    {
        Recording.CurrentLevel = packet.Level;
        Recording.Packets.Add(packet);
        Recording.Events.Add($"start {packet.Level} {packet.PacketNumber}");
    }

    public readonly void OnPacketEnd(in ReceivedPacket packet, bool ackEliciting, bool probingOnly) =>
        Recording.Events.Add($"end {packet.Level} {packet.PacketNumber}{(ackEliciting ? " ack-eliciting" : "")}");

    public readonly void OnCrypto(in CryptoFrame frame)
    {
        Recording.Crypto.Add((Recording.CurrentLevel, frame.Offset, frame.Data.ToArray()));
        Recording.Events.Add($"crypto {Recording.CurrentLevel} {frame.Offset} {frame.Data.Length}");
    }

    public readonly void OnStream(in StreamFrame frame)
    {
        Recording.Streams.Add((frame.StreamId, frame.Offset, frame.Data.ToArray()));
        Recording.Events.Add($"stream {frame.StreamId} {frame.Offset} {frame.Data.Length}");
    }

    public readonly void OnPadding(in PaddingFrame frame) => Recording.Events.Add("padding");
    public readonly void OnPing(in PingFrame frame) => Recording.Events.Add("ping");
    public readonly void OnAck(in AckFrame frame) => Recording.Events.Add($"ack {frame.LargestAcknowledged}");
    public readonly void OnResetStream(in ResetStreamFrame frame) => Recording.Events.Add("reset_stream");
    public readonly void OnStopSending(in StopSendingFrame frame) => Recording.Events.Add("stop_sending");
    public readonly void OnNewToken(in NewTokenFrame frame) => Recording.Events.Add("new_token");
    public readonly void OnMaxData(in MaxDataFrame frame) => Recording.Events.Add("max_data");
    public readonly void OnMaxStreamData(in MaxStreamDataFrame frame) => Recording.Events.Add("max_stream_data");
    public readonly void OnMaxStreams(in MaxStreamsFrame frame) => Recording.Events.Add("max_streams");
    public readonly void OnDataBlocked(in DataBlockedFrame frame) => Recording.Events.Add("data_blocked");
    public readonly void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => Recording.Events.Add("stream_data_blocked");
    public readonly void OnStreamsBlocked(in StreamsBlockedFrame frame) => Recording.Events.Add("streams_blocked");
    public readonly void OnNewConnectionId(in NewConnectionIdFrame frame) => Recording.Events.Add("new_connection_id");
    public readonly void OnRetireConnectionId(in RetireConnectionIdFrame frame) => Recording.Events.Add("retire_connection_id");
    public readonly void OnPathChallenge(in PathChallengeFrame frame) => Recording.Events.Add("path_challenge");
    public readonly void OnPathResponse(in PathResponseFrame frame) => Recording.Events.Add("path_response");
    public readonly void OnConnectionClose(in ConnectionCloseFrame frame) => Recording.Events.Add("connection_close");
    public readonly void OnHandshakeDone(in HandshakeDoneFrame frame) => Recording.Events.Add("handshake_done");
    public readonly void OnDatagram(in DatagramFrame frame) => Recording.Events.Add("datagram");
}
