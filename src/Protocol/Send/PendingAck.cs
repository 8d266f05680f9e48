using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

/// <summary>The ACK information the owner handed over for one packet number space.</summary>
internal sealed class PendingAck
{
    private AckRange[] _ranges = new AckRange[8];

    public bool Pending { get; private set; }

    /// <summary>Due now: worth a packet on its own.</summary>
    public bool SendNow { get; private set; }

    public int Count { get; private set; }

    public ulong EncodedDelay { get; private set; }

    public EcnCounts? Ecn { get; private set; }

    public ReadOnlySpan<AckRange> Ranges => _ranges.AsSpan(0, Count);

    public void Set(ReadOnlySpan<AckRange> ranges, ulong encodedDelay, bool sendNow, EcnCounts? ecn)
    {
        if (ranges.Length > _ranges.Length) _ranges = new AckRange[Math.Max(ranges.Length, _ranges.Length * 2)];
        ranges.CopyTo(_ranges);
        Count = ranges.Length;
        EncodedDelay = encodedDelay;
        SendNow = sendNow;
        Ecn = ecn;
        Pending = true;
    }

    public void Clear()
    {
        Pending = false;
        SendNow = false;
        Count = 0;
    }
}
