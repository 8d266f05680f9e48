using ActorQuic.Protocol.Wire;
using ActorQuic.Protocol.Recovery;

namespace ActorQuic.Protocol.Tests.Recovery;

/// <summary>A loss detector with NewReno (for predictable windows) and reusable result lists.</summary>
internal sealed class LossHarness
{
    public LossHarness(bool isServer = true, bool handshakeConfirmed = false, RttEstimator? rtt = null)
    {
        Congestion = new NewRenoCongestionController();
        Detector = new LossDetector<string>(isServer, Congestion, rtt);
        if (handshakeConfirmed) Detector.OnHandshakeConfirmed(TimeSpan.Zero);
    }

    public LossDetector<string> Detector { get; }
    public NewRenoCongestionController Congestion { get; }
    public List<SentPacket<string>> Acked { get; } = new();
    public List<SentPacket<string>> Lost { get; } = new();

    public ulong[] AckedNumbers => Acked.Select(p => p.PacketNumber).ToArray();
    public ulong[] LostNumbers => Lost.Select(p => p.PacketNumber).ToArray();

    public void Send(PacketNumberSpace space, ulong pn, TimeSpan at, int size = 1200, bool ackEliciting = true, bool inFlight = true) =>
        Detector.OnPacketSent(space, new SentPacket<string>(pn, at, size, ackEliciting, inFlight, $"{space}#{pn}"));

    public AckProcessingResult Ack(PacketNumberSpace space, TimeSpan now, params (ulong, ulong)[] ranges) =>
        AckWithDelay(space, now, TimeSpan.Zero, ranges);

    public AckProcessingResult AckWithDelay(PacketNumberSpace space, TimeSpan now, TimeSpan ackDelay, params (ulong, ulong)[] ranges)
    {
        Acked.Clear();
        Lost.Clear();
        return Detector.OnAckReceived(space, Array.ConvertAll(ranges, r => new AckRange(r.Item1, r.Item2)), ackDelay, now, Acked, Lost);
    }

    public LossDetectionTimeout Timeout(TimeSpan now)
    {
        Lost.Clear();
        return Detector.OnLossDetectionTimeout(now, Lost);
    }
}
