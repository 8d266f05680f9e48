using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>
/// Touches every frame without allocating: counts them, walks ACK ranges and sums data
/// lengths. Used for the allocation and hostile-input tests.
/// </summary>
internal struct CountingHandler : IFrameHandler
{
    public int Count;
    public long DataBytes;
    public ulong AckedPackets;

    public void OnPadding(in PaddingFrame frame) => Count++;
    public void OnPing(in PingFrame frame) => Count++;

    public void OnAck(in AckFrame frame)
    {
        Count++;
        foreach (var range in frame.GetRanges()) AckedPackets += range.Count;
    }

    public void OnResetStream(in ResetStreamFrame frame) => Count++;
    public void OnStopSending(in StopSendingFrame frame) => Count++;
    public void OnCrypto(in CryptoFrame frame) { Count++; DataBytes += frame.Data.Length; }
    public void OnNewToken(in NewTokenFrame frame) { Count++; DataBytes += frame.Token.Length; }
    public void OnStream(in StreamFrame frame) { Count++; DataBytes += frame.Data.Length; }
    public void OnMaxData(in MaxDataFrame frame) => Count++;
    public void OnMaxStreamData(in MaxStreamDataFrame frame) => Count++;
    public void OnMaxStreams(in MaxStreamsFrame frame) => Count++;
    public void OnDataBlocked(in DataBlockedFrame frame) => Count++;
    public void OnStreamDataBlocked(in StreamDataBlockedFrame frame) => Count++;
    public void OnStreamsBlocked(in StreamsBlockedFrame frame) => Count++;
    public void OnNewConnectionId(in NewConnectionIdFrame frame) => Count++;
    public void OnRetireConnectionId(in RetireConnectionIdFrame frame) => Count++;
    public void OnPathChallenge(in PathChallengeFrame frame) => Count++;
    public void OnPathResponse(in PathResponseFrame frame) => Count++;
    public void OnConnectionClose(in ConnectionCloseFrame frame) { Count++; DataBytes += frame.ReasonPhrase.Length; }
    public void OnHandshakeDone(in HandshakeDoneFrame frame) => Count++;
    public void OnDatagram(in DatagramFrame frame) { Count++; DataBytes += frame.Data.Length; }
}
