using System.Net;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Send;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Pacing (RFC 9002 §7.7), the application-limited signal (RFC 9002 §7.8) and the maximum
/// datagram size (RFC 9000 §14, §18.2): the limits a burst obeys besides the congestion and
/// anti-amplification budgets.
/// </summary>
public sealed partial class SenderActor
{
    private readonly Pacer _pacer;
    private bool _pacingEnabled = true;
    private TimeSpan? _reportedPacingDeadline;
    private long _congestionWindow = RecoveryConstants.InitialWindow(SendBudget.MinMaxDatagramSize);
    private TimeSpan _smoothedRtt = RttEstimator.DefaultInitialRtt;
    private int _maxDatagramSize;
    private bool _appLimited;

    /// <summary>
    /// The local maximum towards a loopback address: the path is this host's loopback device,
    /// whose MTU (64 KiB on Linux) is known without probing, so RFC 9000 §14's reason to stay
    /// at 1200 bytes without PMTU discovery (§14.3) does not apply. 1452 bytes is the UDP payload
    /// of a 1500-byte Ethernet MTU over IPv6 (IPv4 allows 1472), the size QUIC stacks commonly
    /// use on such paths, so loopback runs keep a realistic packet count.
    /// </summary>
    public const int LoopbackMaxDatagramSize = 1452;

    /// <summary>The local maximum datagram size towards <paramref name="remote"/> (see <see cref="LoopbackMaxDatagramSize"/>).</summary>
    internal static int LocalMaxDatagramSizeFor(IPEndPoint remote)
    {
        IPAddress address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        return IPAddress.IsLoopback(address) ? LoopbackMaxDatagramSize : DefaultLocalMaxDatagramSize;
    }

    /// <summary>
    /// The datagram size this end may use: at most the peer's max_udp_payload_size (RFC 9000
    /// §18.2: "endpoints MUST NOT send UDP payloads larger than this") and the local maximum,
    /// never below the 1200 bytes QUIC requires (RFC 9000 §14; a smaller peer value is a
    /// TRANSPORT_PARAMETER_ERROR the decoder already rejects).
    /// </summary>
    internal static int ChooseMaxDatagramSize(ulong peerMaxUdpPayloadSize, int localMaxDatagramSize)
    {
        ulong size = Math.Min(peerMaxUdpPayloadSize, (ulong)localMaxDatagramSize);
        return (int)Math.Max(size, (ulong)SendBudget.MinMaxDatagramSize);
    }

    /// <summary>
    /// The congestion bytes the next datagram may use: all of <paramref name="congestion"/>
    /// when the pacer has tokens for a full datagram, else none (and <paramref name="pacedUntil"/>
    /// says when it will). With no congestion budget the assembler still builds ACK-only packets,
    /// PTO probes and CONNECTION_CLOSE, which are not paced (RFC 9002 §7.7, §7.5).
    /// </summary>
    private long PacedCongestionBudget(long congestion, TimeSpan now, out TimeSpan? pacedUntil)
    {
        pacedUntil = null;
        if (!_pacingEnabled || congestion <= 0) return congestion;
        TimeSpan next = _pacer.GetNextSendTime(_maxDatagramSize, now, _congestionWindow, _smoothedRtt);
        if (next <= now) return congestion;
        pacedUntil = next;
        return 0;
    }

    /// <summary>Takes the pacer's tokens for a datagram's in-flight bytes (ACK-only packets are not in flight, hence free).</summary>
    private void OnDatagramPaced(long inFlightBytes, TimeSpan now)
    {
        if (_pacingEnabled && inFlightBytes > 0)
            _pacer.OnPacketSent((int)inFlightBytes, now, _congestionWindow, _smoothedRtt);
    }

    /// <summary>
    /// After a burst that stopped because nothing more could be built: arms or clears the pacing
    /// deadline and reports whether the sender is application limited.
    /// </summary>
    /// <param name="congestion">The congestion budget when the last (empty) datagram was attempted.</param>
    /// <param name="amplification">The anti-amplification budget then.</param>
    /// <param name="pacedUntil">When the pacer allows the next datagram, if it held the burst back.</param>
    private void OnBurstEnded(long congestion, long amplification, TimeSpan? pacedUntil)
    {
        // The pacing deadline may be spurious when nothing waits (the assembler cannot tell us);
        // then the wake-up finds nothing and the sender reports itself application limited.
        ReportPacingDeadline(pacedUntil);
        if (_stopped) return;

        bool appLimited;
        if (pacedUntil is not null) appLimited = false; // §7.8: pacing delay does not make a sender application limited
        else if (amplification < _maxDatagramSize) return; // the peer's address limits us, neither case applies
        else appLimited = congestion >= _maxDatagramSize; // room for a full datagram, yet nothing to send
        if (appLimited == _appLimited) return;
        _appLimited = appLimited;
        _resender.Tell(new AppLimitedChanged(appLimited));
    }

    /// <summary>
    /// Only a deadline earlier than the one armed is reported. A paced-out burst ends with a new
    /// deadline on nearly every flush (one per ACK in a bulk transfer), and each report re-armed
    /// the connection's scheduler timer; an armed deadline that is earlier than needed, or no
    /// longer needed, just wakes the sender once for a flush that re-reports what is still due.
    /// </summary>
    private void ReportPacingDeadline(TimeSpan? at)
    {
        if (at is not { } deadline) return;
        if (_reportedPacingDeadline is { } armed && armed <= deadline) return;
        _reportedPacingDeadline = deadline;
        Context.Parent.Tell(new DeadlineChanged(TimerKind.Pacing, deadline));
    }

    private void OnPacingTimer()
    {
        // The connection cleared its slot when it fired.
        _reportedPacingDeadline = null;
        RequestFlush();
    }

    /// <summary>Applies the peer's max_udp_payload_size; tells the resender when the size changes.</summary>
    private void ApplyPeerMaxUdpPayloadSize(ulong peerMaxUdpPayloadSize)
    {
        int size = ChooseMaxDatagramSize(peerMaxUdpPayloadSize, _localMaxDatagramSize);
        if (size == _maxDatagramSize) return;
        _maxDatagramSize = size;
        _pacer.SetMaxDatagramSize(size);
        _resender.Tell(new MaxDatagramSizeChanged(size));
    }
}
