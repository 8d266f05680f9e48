using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

/// <summary>
/// Everything a connection has to send, held by the sender actor: CRYPTO data per encryption
/// level, control frames, outgoing streams under flow control, DATAGRAMs, the owner's pending
/// ACK information, PING/probe requests and the closing frame. <see cref="PacketAssembler"/>
/// draws frames from it; acknowledgment and loss of a packet come back through
/// <see cref="OnPacketAcked"/> and <see cref="OnPacketLost"/>, which free memory or re-queue
/// the information (RFC 9000 §13.3). Results for the owner are <see cref="SenderEvent"/>s.
/// Pure and single-threaded: one owner.
/// </summary>
public sealed partial class OutgoingFrames : IDisposable
{
    private const int MaxPooledSentFrames = 1024;

    private readonly SendBuffer?[] _crypto = new SendBuffer?[4];
    private readonly PendingAck[] _acks = [new(), new(), new()];
    private readonly bool[] _pingRequested = new bool[PacketNumberSpaceExtensions.Count];
    private readonly int[] _probes = new int[PacketNumberSpaceExtensions.Count];
    private readonly List<SenderEvent> _events = [];
    private readonly Stack<SentFrames> _pool = new();
    private ConnectionCloseFrame? _close;

    /// <param name="peerInitialMaxData">The peer's initial_max_data (0 until its transport parameters arrive, or remembered ones for 0-RTT).</param>
    /// <param name="streamBlockSize">Block size of each stream's send buffer.</param>
    public OutgoingFrames(ulong peerInitialMaxData = 0, int streamBlockSize = SendBuffer.DefaultBlockSize)
    {
        _connectionFlow = new SendFlowController(peerInitialMaxData);
        _streamBlockSize = streamBlockSize;
        _crypto[(int)EncryptionLevel.Initial] = new SendBuffer(4096);
        _crypto[(int)EncryptionLevel.Handshake] = new SendBuffer(4096);
        _crypto[(int)EncryptionLevel.OneRtt] = new SendBuffer(4096);
    }

    /// <summary>A CONNECTION_CLOSE waits to be sent (see <see cref="QueueConnectionClose"/>).</summary>
    public bool IsCloseArmed => _close.HasValue;

    /// <summary>Moves the events raised so far into <paramref name="destination"/>.</summary>
    public void DrainEvents(List<SenderEvent> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.AddRange(_events);
        _events.Clear();
    }

    // ---- CRYPTO ------------------------------------------------------------------------

    /// <summary>Appends TLS handshake bytes for <paramref name="level"/> (RFC 9000 §19.6; never 0-RTT).</summary>
    public void WriteCrypto(EncryptionLevel level, ReadOnlySpan<byte> data)
    {
        var buffer = _crypto[(int)level]
            ?? throw new InvalidOperationException(level == EncryptionLevel.ZeroRtt
                ? "0-RTT packets carry no CRYPTO frames (RFC 9000 §12.4)"
                : $"the {level} level was discarded");
        buffer.Write(data);
    }

    /// <summary>CRYPTO bytes of <paramref name="level"/> written and not yet acknowledged.</summary>
    public ulong GetCryptoBufferedBytes(EncryptionLevel level) => _crypto[(int)level]?.BufferedBytes ?? 0;

    /// <summary>CRYPTO bytes of <paramref name="level"/> never sent yet.</summary>
    public ulong GetCryptoUnsentBytes(EncryptionLevel level) => _crypto[(int)level]?.UnsentBytes ?? 0;

    // ---- ACK ---------------------------------------------------------------------------

    /// <summary>
    /// Hands over the acknowledgment state of <paramref name="space"/>, as the receiver's
    /// AckTracker reports it: ranges largest first and the ACK Delay field already encoded with
    /// our ack_delay_exponent. The next packet in that space carries it (RFC 9000 §13.2: "when
    /// sending a packet for any reason, an endpoint SHOULD attempt to include an ACK frame").
    /// With <paramref name="sendNow"/> the ACK is due and justifies a packet of its own;
    /// otherwise it only rides along. Replaces any earlier pending ACK of the space.
    /// </summary>
    public void SetAck(PacketNumberSpace space, ReadOnlySpan<AckRange> ranges, ulong encodedAckDelay, bool sendNow, EcnCounts? ecn = null)
    {
        if (ranges.IsEmpty)
        {
            ClearAck(space);
            return;
        }
        _acks[(int)space].Set(ranges, encodedAckDelay, sendNow, ecn);
    }

    /// <summary>Withdraws the pending ACK of <paramref name="space"/>.</summary>
    public void ClearAck(PacketNumberSpace space) => _acks[(int)space].Clear();

    /// <summary>An ACK for <paramref name="space"/> is waiting; <paramref name="due"/> when it may go alone.</summary>
    public bool HasPendingAck(PacketNumberSpace space, out bool due)
    {
        var ack = _acks[(int)space];
        due = ack.Pending && ack.SendNow;
        return ack.Pending;
    }

    // ---- PING, probes, close -----------------------------------------------------------

    /// <summary>
    /// Asks for an ack-eliciting packet in <paramref name="space"/> (keep-alive, RFC 9000
    /// §10.1.2, or to elicit an ACK): a PING is added unless the packet has another
    /// ack-eliciting frame anyway. Obeys the congestion budget.
    /// </summary>
    public void RequestPing(PacketNumberSpace space) => _pingRequested[(int)space] = true;

    /// <summary>
    /// The loss detector's PTO fired (RFC 9002 §6.2.4): send <paramref name="count"/> ack-eliciting
    /// probe packets in <paramref name="space"/>, which may exceed the congestion window (RFC 9002
    /// §7.5). They carry new data when there is some, else a PING. In the Initial and Handshake
    /// spaces the unacknowledged CRYPTO data is queued again first, so the probe repairs the
    /// handshake flight instead of only eliciting an ACK.
    /// </summary>
    public void RequestProbe(PacketNumberSpace space, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _probes[(int)space] += count;
        if (space == PacketNumberSpace.ApplicationData) return;
        var buffer = _crypto[(int)(space == PacketNumberSpace.Initial ? EncryptionLevel.Initial : EncryptionLevel.Handshake)];
        if (buffer is null || buffer.SentOffset == buffer.AckedOffset) return;
        // Marking in-flight bytes lost is safe: acknowledged parts are skipped, and a later ACK
        // of either copy removes the range from the retransmission queue.
        buffer.OnLost(buffer.AckedOffset, checked((int)(buffer.SentOffset - buffer.AckedOffset)), fin: false);
    }

    /// <summary>Probe packets still owed in <paramref name="space"/>.</summary>
    public int GetPendingProbes(PacketNumberSpace space) => _probes[(int)space];

    /// <summary>
    /// Arms one transmission of CONNECTION_CLOSE (RFC 9000 §10.2): the next datagram carries it
    /// in every level with keys (Initial, Handshake, 1-RTT; §10.2.3) and nothing ack-eliciting.
    /// It is sent once per call and never retransmitted on loss (RFC 9000 §13.3); the owner
    /// arms it again to answer packets that arrive while closing.
    /// </summary>
    public void QueueConnectionClose(in ConnectionCloseFrame frame) => _close = frame;

    // ---- acknowledgment and loss --------------------------------------------------------

    /// <summary>
    /// The packet that carried <paramref name="frames"/> was acknowledged: free the stream and
    /// CRYPTO bytes, complete control frames. <paramref name="frames"/> returns to the pool.
    /// </summary>
    public void OnPacketAcked(SentFrames frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!frames.InUse) throw new InvalidOperationException("these frames were already reported acknowledged, lost or released");
        var crypto = _crypto[(int)frames.Level];
        if (crypto is not null)
            foreach (var r in frames.CryptoRanges) crypto.OnAcked(r.Offset, r.Length, fin: false);
        foreach (var r in frames.StreamRanges) OnStreamRangeAcked(r);
        foreach (var c in frames.ControlFrames) OnControlAcked(c);
        if (frames.DatagramCount > 0)
            _events.Add(new SenderEvent(SenderEventKind.DatagramsAcknowledged, Value: (ulong)frames.DatagramCount));
        if (frames.AckLargest is { } largest)
            _events.Add(new SenderEvent(SenderEventKind.AckFrameAcknowledged, Value: largest, Space: frames.Space));
        Return(frames);
    }

    /// <summary>
    /// The packet that carried <paramref name="frames"/> was declared lost (or its 0-RTT packet
    /// rejected, RFC 9001 §4.6.2): queue its information again per RFC 9000 §13.3.
    /// <paramref name="frames"/> returns to the pool.
    /// </summary>
    public void OnPacketLost(SentFrames frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!frames.InUse) throw new InvalidOperationException("these frames were already reported acknowledged, lost or released");
        var crypto = _crypto[(int)frames.Level];
        if (crypto is not null)
            foreach (var r in frames.CryptoRanges) crypto.OnLost(r.Offset, r.Length, fin: false);
        foreach (var r in frames.StreamRanges) OnStreamRangeLost(r);
        foreach (var c in frames.ControlFrames) OnControlLost(c);
        if (frames.DatagramCount > 0)
            _events.Add(new SenderEvent(SenderEventKind.DatagramsLost, Value: (ulong)frames.DatagramCount));
        // ACK, PING, PADDING and CONNECTION_CLOSE are not repaired (RFC 9000 §13.3).
        Return(frames);
    }

    /// <summary>Returns frames to the pool without acting on them (their packet number space was discarded).</summary>
    public void Release(SentFrames frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.InUse) Return(frames);
    }

    /// <summary>
    /// Keys of <paramref name="level"/> were discarded (RFC 9001 §4.9): its CRYPTO data is dropped
    /// (RFC 9000 §13.3) together with the pending ACK and probes of an Initial or Handshake space.
    /// </summary>
    public void DiscardLevel(EncryptionLevel level)
    {
        if (level is EncryptionLevel.Initial or EncryptionLevel.Handshake)
        {
            _crypto[(int)level]?.Dispose();
            _crypto[(int)level] = null;
            var space = level.ToPacketNumberSpace();
            _acks[(int)space].Clear();
            _probes[(int)space] = 0;
            _pingRequested[(int)space] = false;
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < _crypto.Length; i++)
        {
            _crypto[i]?.Dispose();
            _crypto[i] = null;
        }
        foreach (var stream in _streams.Values) stream.Buffer.Dispose();
        _streams.Clear();
        _scheduled.Clear();
        _datagrams.Clear();
    }

    internal SentFrames Rent(EncryptionLevel level)
    {
        var frames = _pool.Count > 0 ? _pool.Pop() : new SentFrames();
        frames.Reset(level);
        frames.InUse = true;
        return frames;
    }

    internal void Return(SentFrames frames)
    {
        frames.InUse = false;
        frames.Reset(frames.Level);
        if (_pool.Count < MaxPooledSentFrames) _pool.Push(frames);
    }
}
