using System.Text;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Connection;

/// <summary>Immediate close, the closing and draining periods, and stateless reset (RFC 9000 §10.2, §10.3).</summary>
public sealed partial class ConnectionLifecycle
{
    /// <summary>
    /// Reason phrases longer than this many UTF-8 bytes are cut (at a character boundary) so that
    /// CONNECTION_CLOSE fits in each packet even when Initial, Handshake and 1-RTT packets carrying
    /// it are coalesced into one 1,200-byte datagram (RFC 9000 §10.2.3, §14.1).
    /// </summary>
    public const int MaxReasonPhraseLength = 256;

    private TimeSpan _closeEnd;
    private long _packetsWhileClosing;
    private long _nextCloseResponse;

    /// <summary>The CONNECTION_CLOSE to send and at which levels, once closing (or answering a peer's close); null before.</summary>
    public ConnectionClosePlan? ClosePlan { get; private set; }

    /// <summary>When the closing or draining period ends, or null when not in one.</summary>
    public TimeSpan? ClosingPeriodEnd => State is ConnectionState.Closing or ConnectionState.Draining ? _closeEnd : null;

    /// <summary>
    /// Closes the connection immediately (RFC 9000 §10.2): enters the closing state for 3 × PTO
    /// (§10.2 SHOULD) and asks for CONNECTION_CLOSE to be sent per <see cref="ClosePlan"/> — only
    /// 1-RTT once the handshake is confirmed, otherwise every level the peer might read, with an
    /// application close turned into APPLICATION_ERROR in Initial and Handshake packets (§10.2.3).
    /// Ignored when already closing, draining or closed.
    /// </summary>
    /// <param name="errorCode">An application error code, or a <see cref="TransportErrorCode"/> value.</param>
    /// <param name="isApplication">Close with type 0x1d (application) rather than 0x1c (transport).</param>
    /// <param name="reason">The reason phrase (UTF-8, cut at <see cref="MaxReasonPhraseLength"/> bytes on the wire).</param>
    /// <param name="now">The current time.</param>
    /// <param name="pto">The current PTO; the closing period lasts three of them.</param>
    /// <param name="frameType">For a transport close, the frame type that caused it (0 when unknown).</param>
    public LifecycleActions Close(ulong errorCode, bool isApplication, string? reason, TimeSpan now, TimeSpan pto, ulong frameType = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(errorCode, QuicVarint.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameType, QuicVarint.MaxValue);
        CheckPto(pto);
        if (!IsActive) return LifecycleActions.None;

        reason ??= string.Empty;
        byte[] phrase = EncodeReason(reason);
        var frame = isApplication
            ? ConnectionCloseFrame.ForApplicationError(errorCode, phrase)
            : new ConnectionCloseFrame(false, errorCode, frameType, phrase);
        var plan = new ConnectionClosePlan(frame, ChooseCloseLevels());
        ClosePlan = plan;
        CloseInfo = new CloseInfo(CloseSource.Local, errorCode, isApplication, isApplication ? 0 : frameType, reason);
        EnterClosingPeriod(ConnectionState.Closing, now, pto);
        return plan.IsEmpty ? LifecycleActions.Terminated : LifecycleActions.Terminated | LifecycleActions.SendConnectionClose;
    }

    /// <summary>Closes with the transport error of bad peer input (RFC 9000 §11.1); see <see cref="Close(ulong, bool, string?, TimeSpan, TimeSpan, ulong)"/>.</summary>
    public LifecycleActions Close(QuicProtocolException error, TimeSpan now, TimeSpan pto)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Close((ulong)error.ErrorCode, false, error.Reason, now, pto, error.FrameType);
    }

    /// <summary>
    /// The peer's CONNECTION_CLOSE arrived (RFC 9000 §10.2.2): enter draining for 3 × PTO, after
    /// answering once with a NO_ERROR CONNECTION_CLOSE if <see cref="ConnectionLifecycleOptions.RespondToPeerClose"/>.
    /// A closing endpoint drains instead, keeping its end time and answering nothing.
    /// </summary>
    public LifecycleActions OnConnectionCloseReceived(in ConnectionCloseFrame frame, TimeSpan now, TimeSpan pto)
    {
        CheckPto(pto);
        switch (State)
        {
            case ConnectionState.Closing:
                State = ConnectionState.Draining; // same end time (§10.2.2)
                return LifecycleActions.None;
            case ConnectionState.Draining or ConnectionState.Closed:
                return LifecycleActions.None;
        }

        CloseInfo = new CloseInfo(
            CloseSource.Peer, frame.ErrorCode, frame.IsApplicationError,
            frame.IsApplicationError ? 0 : frame.TriggeringFrameType, frame.GetReasonString());
        var actions = LifecycleActions.Terminated;
        if (_options.RespondToPeerClose)
        {
            var plan = new ConnectionClosePlan(ConnectionCloseFrame.ForTransportError(TransportErrorCode.NoError), ChooseCloseLevels());
            ClosePlan = plan;
            if (!plan.IsEmpty) actions |= LifecycleActions.SendConnectionClose;
        }
        EnterClosingPeriod(ConnectionState.Draining, now, pto);
        return actions;
    }

    /// <summary>
    /// A stateless reset was detected (RFC 9000 §10.3.1): enter the draining period and send
    /// nothing more. A closing endpoint drains with its closing end time.
    /// </summary>
    public LifecycleActions OnStatelessReset(TimeSpan now, TimeSpan pto)
    {
        CheckPto(pto);
        switch (State)
        {
            case ConnectionState.Closing:
                State = ConnectionState.Draining;
                return LifecycleActions.None;
            case ConnectionState.Draining or ConnectionState.Closed:
                return LifecycleActions.None;
        }
        CloseInfo = CloseInfo.Silent(CloseSource.StatelessReset);
        EnterClosingPeriod(ConnectionState.Draining, now, pto);
        return LifecycleActions.Terminated;
    }

    private static void CheckPto(TimeSpan pto) => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pto, TimeSpan.Zero);

    private void EnterClosingPeriod(ConnectionState state, TimeSpan now, TimeSpan pto)
    {
        Pto = pto;
        State = state;
        _closeEnd = SaturatingAdd(now, ThreeTimes(pto)); // RFC 9000 §10.2: at least 3 × PTO
        _packetsWhileClosing = 0;
        _nextCloseResponse = 1;
        _zeroRttDiscardAt = null;
    }

    /// <summary>
    /// RFC 9000 §10.2.1: answer incoming packets with CONNECTION_CLOSE but limit the rate, "for
    /// instance ... a progressively increasing number of received packets". We answer the 1st,
    /// 2nd, 4th, 8th, … packet received while closing: a lost close is repeated quickly, while a
    /// peer (or attacker) that keeps sending gets logarithmically few responses.
    /// </summary>
    private LifecycleActions OnPacketReceivedWhileClosing()
    {
        _packetsWhileClosing++;
        if (_packetsWhileClosing < _nextCloseResponse || ClosePlan is not { IsEmpty: false })
            return LifecycleActions.None;
        _nextCloseResponse = _nextCloseResponse > long.MaxValue / 2 ? long.MaxValue : _nextCloseResponse * 2;
        return LifecycleActions.SendConnectionClose;
    }

    private static byte[] EncodeReason(string reason)
    {
        if (reason.Length == 0) return [];
        byte[] bytes = Encoding.UTF8.GetBytes(reason);
        if (bytes.Length <= MaxReasonPhraseLength) return bytes;
        int cut = MaxReasonPhraseLength;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) cut--; // don't split a UTF-8 sequence
        return bytes.AsSpan(0, cut).ToArray();
    }
}
