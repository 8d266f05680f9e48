using ActorQuic.Protocol.Wire;
namespace ActorQuic.Protocol.Recovery;

/// <summary>
/// Loss detection and the loss detection timer for one connection (RFC 9002 §6, appendix A),
/// driving an <see cref="RttEstimator"/> and an <see cref="ICongestionController"/>. Pure: every
/// event takes "now" (a <see cref="TimeSpan"/> since connection start) and results are plain
/// values or entries appended to caller-supplied lists, which the caller may reuse.
/// </summary>
/// <remarks>
/// The caller (the resender) reports each packet sent and each ACK frame received, schedules
/// one timer at <see cref="LossDetectionTimer"/>, and calls <see cref="OnLossDetectionTimeout"/>
/// when it fires. Handshake progress (Handshake keys, confirmation, key discard) and, for a
/// server, the anti-amplification state are reported as they happen.
/// </remarks>
public sealed class LossDetector<TPayload>
{
    private readonly SentPacketLedger<TPayload>[] _spaces;
    private bool _receivedHandshakeAck;

    public LossDetector(bool isServer, ICongestionController? congestion = null, RttEstimator? rtt = null)
    {
        IsServer = isServer;
        Congestion = congestion ?? new CubicCongestionController();
        Rtt = rtt ?? new RttEstimator();
        _spaces =
        [
            new SentPacketLedger<TPayload>(PacketNumberSpace.Initial, 16),
            new SentPacketLedger<TPayload>(PacketNumberSpace.Handshake, 16),
            // Small at first: an idle connection keeps its ledgers for its lifetime (256 entries
            // were ~10 KiB per connection); a bulk sender doubles its way up once.
            new SentPacketLedger<TPayload>(PacketNumberSpace.ApplicationData, 16),
        ];
    }

    public bool IsServer { get; }

    public RttEstimator Rtt { get; }

    public ICongestionController Congestion { get; }

    /// <summary>The peer's max_ack_delay transport parameter (RFC 9000 §18.2; 25 ms until known).</summary>
    public TimeSpan PeerMaxAckDelay { get; set; } = AckTracker.DefaultMaxAckDelay;

    /// <summary>Handshake confirmed (RFC 9001 §4.1.2).</summary>
    public bool HandshakeConfirmed { get; private set; }

    /// <summary>Handshake keys are available (chooses the anti-deadlock probe's space).</summary>
    public bool HasHandshakeKeys { get; private set; }

    /// <summary>A server that may send nothing more until it receives data (RFC 9000 §8.1).</summary>
    public bool IsAmplificationLimited { get; private set; }

    /// <summary>pto_count: consecutive PTO expirations without an acknowledgment resetting it.</summary>
    public int PtoCount { get; private set; }

    /// <summary>When <see cref="OnLossDetectionTimeout"/> should run, or null when the timer is off. A time in the past means at once.</summary>
    public TimeSpan? LossDetectionTimer { get; private set; }

    /// <summary>
    /// PeerCompletedAddressValidation (RFC 9002 appendix A.8): a server assumes its address is
    /// validated; a client knows the server validated it once a Handshake packet is
    /// acknowledged or the handshake is confirmed.
    /// </summary>
    public bool PeerCompletedAddressValidation => IsServer || _receivedHandshakeAck || HandshakeConfirmed;

    /// <summary>Ack-eliciting packets in flight across all spaces.</summary>
    public int AckElicitingInFlight =>
        _spaces[0].AckElicitingInFlight + _spaces[1].AckElicitingInFlight + _spaces[2].AckElicitingInFlight;

    /// <summary>The sent packets of <paramref name="space"/>.</summary>
    public SentPacketLedger<TPayload> GetLedger(PacketNumberSpace space) => _spaces[(int)space];

    /// <summary>OnPacketSent (RFC 9002 appendix A.5). Packet numbers must increase within a space.</summary>
    public void OnPacketSent(PacketNumberSpace space, in SentPacket<TPayload> packet)
    {
        var ledger = _spaces[(int)space];
        if (ledger.IsDiscarded) throw new InvalidOperationException($"the {space} keys were discarded");
        ledger.Add(packet);
        if (!packet.InFlight) return;
        if (packet.AckEliciting) ledger.TimeOfLastAckEliciting = packet.TimeSent;
        Congestion.OnPacketSent(packet.Size, packet.TimeSent);
        SetLossDetectionTimer(packet.TimeSent);
    }

    /// <summary>
    /// OnAckReceived (RFC 9002 appendix A.7): processes an ACK frame's ranges, updates the RTT,
    /// detects losses and feeds the congestion controller.
    /// </summary>
    /// <param name="ranges">The ACK frame's ranges, largest first, as (smallest, largest) pairs.</param>
    /// <param name="ackDelay">The decoded ACK Delay (see <see cref="AckDelayEncoding.Decode"/>).</param>
    /// <param name="newlyAcked">Receives the newly acknowledged packets, ascending.</param>
    /// <param name="lost">Receives the packets declared lost, ascending: re-queue their frames.</param>
    /// <param name="ecnCeCount">The frame's ECN-CE count when it has ECN counts (RFC 9000 §19.3.2).</param>
    /// <exception cref="QuicProtocolException">PROTOCOL_VIOLATION: the frame acknowledges a packet never sent (RFC 9000 §13.1).</exception>
    public AckProcessingResult OnAckReceived(
        PacketNumberSpace space,
        ReadOnlySpan<AckRange> ranges,
        TimeSpan ackDelay,
        TimeSpan now,
        List<SentPacket<TPayload>> newlyAcked,
        List<SentPacket<TPayload>> lost,
        ulong? ecnCeCount = null)
    {
        ArgumentNullException.ThrowIfNull(newlyAcked);
        ArgumentNullException.ThrowIfNull(lost);
        var ledger = _spaces[(int)space];
        if (ledger.IsDiscarded || ranges.IsEmpty) return default;

        ulong largestAcked = ranges[0].Largest;
        if (ledger.LargestSent is not { } largestSent || largestAcked > largestSent)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation, $"ACK of unsent packet {largestAcked} in {space}", 0x02);

        if (space == PacketNumberSpace.Handshake) _receivedHandshakeAck = true;
        ledger.LargestAcked = ledger.LargestAcked is { } previous ? Math.Max(previous, largestAcked) : largestAcked;

        // DetectAndRemoveAckedPackets: smallest range first, so the list comes out ascending.
        int firstAcked = newlyAcked.Count;
        for (int r = ranges.Length - 1; r >= 0; r--)
        {
            var (smallest, largest) = ranges[r];
            if (smallest > largest) throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "ACK range with smallest > largest", 0x02);
            ledger.AckRange(smallest, largest, newlyAcked);
        }
        int ackedCount = newlyAcked.Count - firstAcked;
        if (ackedCount == 0)
        {
            ledger.Compact();
            return default;
        }

        // §5.1: sample only when the largest acknowledged is newly acknowledged and something
        // ack-eliciting was newly acknowledged.
        var largestNewly = newlyAcked[^1];
        bool rttSampled = false;
        if (largestNewly.PacketNumber == largestAcked && IncludesAckEliciting(newlyAcked, firstAcked))
        {
            // §5.3: the peer does not delay Initial ACKs; ignore whatever delay it reports.
            TimeSpan delay = space == PacketNumberSpace.Initial ? TimeSpan.Zero : ackDelay;
            Rtt.AddSample(now - largestNewly.TimeSent, delay, PeerMaxAckDelay, HandshakeConfirmed, now);
            rttSampled = true;
        }

        TimeSpan? recoveryBefore = Congestion.RecoveryStartTime;

        // Appendix B.7: an ECN-CE increase is a congestion event dated by the largest acked packet.
        if (ecnCeCount is { } ce && ce > ledger.EcnCeCount)
        {
            ledger.EcnCeCount = ce;
            Congestion.OnCongestionEvent(largestNewly.TimeSent, now);
        }

        int firstLost = lost.Count;
        bool persistent = DetectAndRemoveLostPackets(ledger, now, lost);

        // Appendix B.5, after the losses as in appendix A.7.
        for (int i = firstAcked; i < newlyAcked.Count; i++)
        {
            var p = newlyAcked[i];
            if (p.InFlight) Congestion.OnPacketAcked(p.Size, p.TimeSent, now, Rtt);
        }

        ledger.Compact();

        // §6.2.1: the backoff resets on an acknowledgment, except at a client not yet sure the
        // server validated its address.
        if (PeerCompletedAddressValidation) PtoCount = 0;
        SetLossDetectionTimer(now);

        bool congestionEvent = Congestion.RecoveryStartTime != recoveryBefore && Congestion.RecoveryStartTime.HasValue;
        return new AckProcessingResult(ackedCount, lost.Count - firstLost, rttSampled, congestionEvent, persistent);
    }

    /// <summary>
    /// OnLossDetectionTimeout (RFC 9002 appendix A.9). Call when <see cref="LossDetectionTimer"/>
    /// is due; an early or stale call does nothing.
    /// </summary>
    /// <param name="lost">Receives packets declared lost by time threshold.</param>
    public LossDetectionTimeout OnLossDetectionTimeout(TimeSpan now, List<SentPacket<TPayload>> lost)
    {
        ArgumentNullException.ThrowIfNull(lost);
        if (LossDetectionTimer is not { } timer || now < timer) return default;

        if (GetEarliestLossTime(out var lossSpace) is not null)
        {
            // Time threshold loss detection (§6.1.2).
            var ledger = _spaces[(int)lossSpace];
            int firstLost = lost.Count;
            DetectAndRemoveLostPackets(ledger, now, lost);
            ledger.Compact();
            SetLossDetectionTimer(now);
            return new LossDetectionTimeout(LossDetectionAction.PacketsLost, lossSpace, 0, lost.Count - firstLost);
        }

        LossDetectionTimeout result;
        if (AckElicitingInFlight == 0)
        {
            // §6.2.2.1 anti-deadlock: only a client not yet validated arms the timer this way.
            var space = HasHandshakeKeys ? PacketNumberSpace.Handshake : PacketNumberSpace.Initial;
            result = new LossDetectionTimeout(LossDetectionAction.SendAntiDeadlockProbe, space, 1, 0);
        }
        else
        {
            GetPtoTimeAndSpace(now, out var space);
            result = new LossDetectionTimeout(LossDetectionAction.SendProbes, space, RecoveryConstants.MaxProbePackets, 0);
        }

        // §6.2.1: each expiry doubles the next PTO period, across all spaces.
        PtoCount++;
        SetLossDetectionTimer(now);
        return result;
    }

    /// <summary>Handshake keys became available: an anti-deadlock probe now goes in a Handshake packet (§6.2.2.1).</summary>
    public void OnHandshakeKeysAvailable(TimeSpan now)
    {
        HasHandshakeKeys = true;
        SetLossDetectionTimer(now);
    }

    /// <summary>The handshake is confirmed (RFC 9001 §4.1.2): application data PTO may be armed (§6.2.1).</summary>
    public void OnHandshakeConfirmed(TimeSpan now)
    {
        HandshakeConfirmed = true;
        SetLossDetectionTimer(now);
    }

    /// <summary>
    /// A server reports whether it is blocked by the anti-amplification limit (RFC 9002
    /// §6.2.2.1, appendix A.6): while blocked its timer is off. Returns true when, on
    /// unblocking, the re-armed timer is already due: the caller then runs
    /// <see cref="OnLossDetectionTimeout"/> at once.
    /// </summary>
    public bool SetAmplificationLimited(bool limited, TimeSpan now)
    {
        IsAmplificationLimited = limited;
        SetLossDetectionTimer(now);
        return !limited && LossDetectionTimer is { } timer && timer <= now;
    }

    /// <summary>
    /// OnPacketNumberSpaceDiscarded (RFC 9002 §6.4, appendix A.11): the space's keys were
    /// discarded, so its packets leave bytes in flight and its timers reset. Initial and
    /// Handshake spaces stay discarded. For the application space this serves 0-RTT rejection
    /// (§6.4): pass <paramref name="discarded"/> to get the packets whose frames must be resent
    /// with 1-RTT keys; the space remains usable.
    /// </summary>
    public void DiscardSpace(PacketNumberSpace space, TimeSpan now, List<SentPacket<TPayload>>? discarded = null)
    {
        var ledger = _spaces[(int)space];
        if (ledger.IsDiscarded) return;
        Congestion.RemoveFromBytesInFlight(ledger.BytesInFlight);
        ledger.Clear(discarded);
        if (space != PacketNumberSpace.ApplicationData) ledger.IsDiscarded = true;
        PtoCount = 0;
        SetLossDetectionTimer(now);
    }

    /// <summary>
    /// The persistent congestion duration (RFC 9002 §7.6.1): (smoothed_rtt + max(4*rttvar,
    /// kGranularity) + max_ack_delay) * kPersistentCongestionThreshold.
    /// </summary>
    public TimeSpan PersistentCongestionDuration =>
        (Rtt.PtoBase + PeerMaxAckDelay) * RecoveryConstants.PersistentCongestionThreshold;

    /// <summary>
    /// DetectAndRemoveLostPackets plus OnPacketsLost (appendices A.10, B.8). Persistent
    /// congestion uses this space's packets only, as §7.6.2 permits: an implementation MAY use
    /// state for just the acknowledged space.
    /// </summary>
    private bool DetectAndRemoveLostPackets(SentPacketLedger<TPayload> ledger, TimeSpan now, List<SentPacket<TPayload>> lost)
    {
        var scan = ledger.DetectLost(now, Rtt.LossDelay, Rtt.FirstSampleTime, PersistentCongestionDuration, lost);
        if (scan.AnyInFlight) Congestion.OnPacketsLost(scan.InFlightBytes, scan.LargestLostSentTime, now);
        if (!scan.PersistentCongestion) return false;
        Congestion.OnPersistentCongestion(now);
        Rtt.OnPersistentCongestion();
        return true;
    }

    /// <summary>SetLossDetectionTimer (RFC 9002 appendix A.8).</summary>
    private void SetLossDetectionTimer(TimeSpan now)
    {
        if (GetEarliestLossTime(out _) is { } lossTime)
        {
            // §6.1.2: the time threshold timer takes precedence over the PTO (§6.2.1).
            LossDetectionTimer = lossTime;
            return;
        }
        if (IsAmplificationLimited)
        {
            // §6.2.2.1: a blocked server could send nothing when the timer fires.
            LossDetectionTimer = null;
            return;
        }
        if (AckElicitingInFlight == 0 && PeerCompletedAddressValidation)
        {
            LossDetectionTimer = null;
            return;
        }
        LossDetectionTimer = GetPtoTimeAndSpace(now, out _);
    }

    /// <summary>GetLossTimeAndSpace (RFC 9002 appendix A.8).</summary>
    private TimeSpan? GetEarliestLossTime(out PacketNumberSpace space)
    {
        TimeSpan? earliest = null;
        space = PacketNumberSpace.Initial;
        for (int i = 0; i < _spaces.Length; i++)
        {
            if (_spaces[i].LossTime is { } t && (earliest is null || t < earliest))
            {
                earliest = t;
                space = (PacketNumberSpace)i;
            }
        }
        return earliest;
    }

    /// <summary>GetPtoTimeAndSpace (RFC 9002 appendix A.8); null when no PTO applies.</summary>
    private TimeSpan? GetPtoTimeAndSpace(TimeSpan now, out PacketNumberSpace space)
    {
        TimeSpan duration = Backoff(Rtt.PtoBase);
        if (AckElicitingInFlight == 0)
        {
            // §6.2.2.1 anti-deadlock PTO, counted from now.
            space = HasHandshakeKeys ? PacketNumberSpace.Handshake : PacketNumberSpace.Initial;
            return now + duration;
        }

        TimeSpan? timeout = null;
        space = PacketNumberSpace.Initial;
        for (int i = 0; i < _spaces.Length; i++)
        {
            var ledger = _spaces[i];
            if (ledger.AckElicitingInFlight == 0 || ledger.TimeOfLastAckEliciting is not { } lastSent) continue;
            if (i == (int)PacketNumberSpace.ApplicationData)
            {
                // §6.2.1: no application data PTO before confirmation; max_ack_delay only here,
                // since Initial and Handshake ACKs are not delayed.
                if (!HandshakeConfirmed) break;
                duration += Backoff(PeerMaxAckDelay);
            }
            TimeSpan t = lastSent + duration;
            if (timeout is null || t < timeout)
            {
                timeout = t;
                space = (PacketNumberSpace)i;
            }
        }
        if (timeout is null && !HandshakeConfirmed) timeout = GetHandshakeRepairPto(duration, ref space);
        return timeout;
    }

    /// <summary>
    /// A PTO for the Initial or Handshake space when ack-eliciting packets are in flight only in
    /// the application space, whose PTO must wait for confirmation (RFC 9002 §6.2.1). Appendix
    /// A.8 leaves the timer off then, which deadlocks when a lost Handshake packet (e.g. the
    /// client's Finished) was the space's last one in flight: its CRYPTO data is queued again
    /// but 1-RTT packets the peer cannot acknowledge before the handshake completes fill the
    /// congestion window, so the retransmission never leaves and no timer is left to send it as
    /// a probe, which may exceed the window (§7.5). Keeping the PTO of a handshake space that
    /// still has keys armed from its last ack-eliciting send follows §6.2.2.1's principle (keep
    /// a timer until the handshake can no longer stall) and §6.2.4 (a probe carries the
    /// unacknowledged data); its probes go in packets the peer can read, which is what §6.2.1
    /// protects. A space that never sent anything ack-eliciting has nothing to repair.
    /// </summary>
    private TimeSpan? GetHandshakeRepairPto(TimeSpan duration, ref PacketNumberSpace space)
    {
        TimeSpan? timeout = null;
        for (int i = 0; i < (int)PacketNumberSpace.ApplicationData; i++)
        {
            var ledger = _spaces[i];
            if (ledger.IsDiscarded || ledger.TimeOfLastAckEliciting is not { } lastSent) continue;
            TimeSpan t = lastSent + duration;
            if (timeout is null || t < timeout)
            {
                timeout = t;
                space = (PacketNumberSpace)i;
            }
        }
        return timeout;
    }

    /// <summary>period * 2^pto_count, saturating so a long run of PTOs cannot overflow.</summary>
    private TimeSpan Backoff(TimeSpan period)
    {
        int shift = Math.Min(PtoCount, 30);
        long max = TimeSpan.MaxValue.Ticks / 4;
        long ticks = period.Ticks > max >> shift ? max : period.Ticks << shift;
        return TimeSpan.FromTicks(ticks);
    }

    private static bool IncludesAckEliciting(List<SentPacket<TPayload>> packets, int start)
    {
        for (int i = start; i < packets.Count; i++)
            if (packets[i].AckEliciting) return true;
        return false;
    }
}
