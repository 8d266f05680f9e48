using ActorQuic.Protocol.Recovery;

namespace ActorQuic.Protocol.Send;

/// <summary>
/// What one sent packet carried, so that acknowledgment frees it and loss re-queues the
/// information in new frames (RFC 9000 §13.3) — the payload of <see cref="SentPacket{T}"/>.
/// </summary>
/// <remarks>
/// Instances are pooled by <see cref="OutgoingFrames"/>: ownership travels with the
/// <see cref="SentPacket{T}"/> (to the loss detector and back) and ends when the packet is
/// reported acknowledged, lost or released; the instance is then reused and must not be
/// read again. A packet dropped with its keys without being reported is simply collected.
/// The arrays are grown on demand and kept across reuse, so steady-state sending allocates
/// nothing.
/// </remarks>
public sealed class SentFrames
{
    private SentStreamRange[] _streams = [];
    private SentCryptoRange[] _crypto = [];
    private ControlFrame[] _control = [];
    private int _streamCount;
    private int _cryptoCount;
    private int _controlCount;

    internal SentFrames()
    {
    }

    /// <summary>The level the packet was protected at.</summary>
    public EncryptionLevel Level { get; private set; }

    public PacketNumberSpace Space => Level.ToPacketNumberSpace();

    /// <summary>The Largest Acknowledged of the packet's ACK frame, or null when it had none.</summary>
    public ulong? AckLargest { get; internal set; }

    /// <summary>DATAGRAM frames carried (never retransmitted, RFC 9221 §5.2).</summary>
    public int DatagramCount { get; internal set; }

    /// <summary>A PING frame was included (probe or keep-alive); nothing to repair (RFC 9000 §13.3).</summary>
    public bool HasPing { get; internal set; }

    /// <summary>A CONNECTION_CLOSE frame was included; not resent on loss (RFC 9000 §13.3, §10.2).</summary>
    public bool HasConnectionClose { get; internal set; }

    public ReadOnlySpan<SentStreamRange> StreamRanges => _streams.AsSpan(0, _streamCount);

    public ReadOnlySpan<SentCryptoRange> CryptoRanges => _crypto.AsSpan(0, _cryptoCount);

    public ReadOnlySpan<ControlFrame> ControlFrames => _control.AsSpan(0, _controlCount);

    /// <summary>Set while the instance belongs to a packet; guards against double reporting.</summary>
    internal bool InUse { get; set; }

    internal void Reset(EncryptionLevel level)
    {
        Level = level;
        AckLargest = null;
        DatagramCount = 0;
        HasPing = false;
        HasConnectionClose = false;
        _streamCount = 0;
        _cryptoCount = 0;
        if (_controlCount > 0) Array.Clear(_control, 0, _controlCount); // drop NEW_TOKEN buffers
        _controlCount = 0;
    }

    internal void AddStream(in SentStreamRange range) => Append(ref _streams, ref _streamCount, range);

    internal void AddCrypto(in SentCryptoRange range) => Append(ref _crypto, ref _cryptoCount, range);

    internal void AddControl(in ControlFrame frame) => Append(ref _control, ref _controlCount, frame);

    private static void Append<T>(ref T[] array, ref int count, in T item)
    {
        if (count == array.Length) Array.Resize(ref array, Math.Max(4, array.Length * 2));
        array[count++] = item;
    }
}
