using System.Text;
using ActorQuic.Protocol.Connection;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Immediate close and the closing state (RFC 9000 §10.2, §10.2.1, §10.2.3).</summary>
public class ImmediateCloseTests
{
    private static readonly EncryptionLevel[] AllLevels =
        [EncryptionLevel.Initial, EncryptionLevel.ZeroRtt, EncryptionLevel.Handshake, EncryptionLevel.OneRtt];

    private static EncryptionLevel[] Levels(ConnectionClosePlan plan) => AllLevels.Where(plan.Includes).ToArray();

    [Fact]
    public void Close_after_confirmation_uses_only_one_rtt_and_keeps_the_application_frame()
    {
        var c = ConfirmedClient();
        var actions = c.Close(0x42, isApplication: true, "done", Ms(1_000), Ms(150));

        Assert.Equal(LifecycleActions.Terminated | LifecycleActions.SendConnectionClose, actions);
        Assert.Equal(ConnectionState.Closing, c.State);
        var plan = c.ClosePlan!.Value;
        Assert.Equal([EncryptionLevel.OneRtt], Levels(plan));
        Assert.Equal(1, plan.LevelCount);
        var frame = plan.GetFrame(EncryptionLevel.OneRtt);
        Assert.True(frame.IsApplicationError);
        Assert.Equal(0x42UL, frame.ErrorCode);
        Assert.Equal("done", frame.GetReasonString());
        Assert.Equal(new CloseInfo(CloseSource.Local, 0x42, true, 0, "done"), c.CloseInfo);
        Assert.Null(c.CloseInfo!.TransportError);
    }

    [Fact]
    public void Client_before_server_hello_closes_in_initial_only()
    {
        var c = Create(isServer: false);
        c.Close((ulong)TransportErrorCode.ProtocolViolation, false, "bad", Ms(10), Ms(999));
        var plan = c.ClosePlan!.Value;
        Assert.Equal([EncryptionLevel.Initial], Levels(plan));
        Assert.Equal(Ms(10 + 3 * 999), c.ClosingPeriodEnd);
    }

    [Fact]
    public void Client_with_handshake_keys_not_yet_used_closes_in_initial_and_handshake()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.Close((ulong)TransportErrorCode.InternalError, false, "oops", Ms(10), Ms(100));
        Assert.Equal([EncryptionLevel.Initial, EncryptionLevel.Handshake], Levels(c.ClosePlan!.Value));
    }

    [Fact]
    public void Client_after_sending_handshake_and_holding_one_rtt_closes_in_handshake_and_one_rtt()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.OnHandshakePacketSent();
        c.OnKeysAvailable(EncryptionLevel.OneRtt);
        c.OnHandshakeComplete(Ms(50)); // complete, not confirmed: the server may not read 1-RTT yet
        c.Close(7, true, "app", Ms(60), Ms(100));
        var plan = c.ClosePlan!.Value;
        Assert.Equal([EncryptionLevel.Handshake, EncryptionLevel.OneRtt], Levels(plan));
        Assert.True(plan.GetFrame(EncryptionLevel.OneRtt).IsApplicationError);
        Assert.False(plan.GetFrame(EncryptionLevel.Handshake).IsApplicationError);
    }

    [Fact]
    public void Client_with_only_zero_rtt_closes_in_zero_rtt_and_initial()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.ZeroRtt);
        c.Close(9, true, "early", Ms(5), Ms(100));
        var plan = c.ClosePlan!.Value;
        Assert.Equal([EncryptionLevel.Initial, EncryptionLevel.ZeroRtt], Levels(plan));
        Assert.Equal(9UL, plan.GetFrame(EncryptionLevel.ZeroRtt).ErrorCode); // the application code survives in 0-RTT
        Assert.Equal((ulong)TransportErrorCode.ApplicationError, plan.GetFrame(EncryptionLevel.Initial).ErrorCode);

        var later = Create(isServer: false);
        later.OnKeysAvailable(EncryptionLevel.ZeroRtt);
        later.OnKeysAvailable(EncryptionLevel.Handshake); // the server answered: Handshake is better than 0-RTT
        later.Close(9, true, "early", Ms(5), Ms(100));
        Assert.Equal([EncryptionLevel.Initial, EncryptionLevel.Handshake], Levels(later.ClosePlan!.Value));
    }

    [Fact]
    public void Server_during_the_handshake_closes_in_initial_handshake_and_one_rtt()
    {
        var s = Create(isServer: true);
        s.OnKeysAvailable(EncryptionLevel.ZeroRtt); // read-only at a server: never used to send
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        s.OnKeysAvailable(EncryptionLevel.OneRtt); // 0.5-RTT keys
        s.Close(3, true, "no", Ms(20), Ms(100));
        Assert.Equal([EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRtt], Levels(s.ClosePlan!.Value));

        var validated = Create(isServer: true);
        validated.OnKeysAvailable(EncryptionLevel.Handshake);
        validated.OnHandshakePacketProcessed(); // Initial keys gone
        validated.Close(3, true, "no", Ms(20), Ms(100));
        Assert.Equal([EncryptionLevel.Handshake], Levels(validated.ClosePlan!.Value));
    }

    [Fact]
    public void Application_close_before_one_rtt_becomes_application_error_without_reason()
    {
        var c = Create(isServer: false);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.Close(0x1234, isApplication: true, "secret application state", Ms(10), Ms(100));
        var plan = c.ClosePlan!.Value;
        foreach (var level in new[] { EncryptionLevel.Initial, EncryptionLevel.Handshake })
        {
            var frame = plan.GetFrame(level);
            Assert.False(frame.IsApplicationError); // type 0x1c
            Assert.Equal((ulong)TransportErrorCode.ApplicationError, frame.ErrorCode); // 0x0c
            Assert.Equal(0, frame.ReasonPhrase.Length); // MUST clear the reason
            Assert.Equal(0UL, frame.TriggeringFrameType);
        }
        // The application still learns what it closed with.
        Assert.Equal(new CloseInfo(CloseSource.Local, 0x1234, true, 0, "secret application state"), c.CloseInfo);
    }

    [Fact]
    public void Transport_close_keeps_its_code_and_reason_in_every_level()
    {
        var s = Create(isServer: true);
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        s.Close((ulong)TransportErrorCode.FlowControlError, false, "too much", Ms(10), Ms(100), frameType: 0x08);
        var plan = s.ClosePlan!.Value;
        foreach (var level in new[] { EncryptionLevel.Initial, EncryptionLevel.Handshake })
        {
            var frame = plan.GetFrame(level);
            Assert.Equal((ulong)TransportErrorCode.FlowControlError, frame.ErrorCode);
            Assert.Equal(0x08UL, frame.TriggeringFrameType);
            Assert.Equal("too much", frame.GetReasonString());
        }
        Assert.Equal(TransportErrorCode.FlowControlError, s.CloseInfo!.TransportError);
        Assert.Equal(0x08UL, s.CloseInfo.FrameType);
    }

    [Fact]
    public void Long_reasons_are_cut_at_a_character_boundary()
    {
        var c = ConfirmedClient();
        string reason = new string('a', 255) + "é" + new string('b', 100); // 'é' is 2 bytes at offsets 255–256
        c.Close(1, true, reason, Ms(0), Ms(100));
        var bytes = c.ClosePlan!.Value.Frame.ReasonPhrase.ToArray();
        Assert.Equal(255, bytes.Length);
        Assert.Equal(new string('a', 255), Encoding.UTF8.GetString(bytes));
        Assert.Equal(reason, c.CloseInfo!.Reason); // the local record keeps it whole
    }

    [Fact]
    public void Closing_lasts_three_pto_then_closed()
    {
        var c = ConfirmedServer();
        c.Close(0, true, null, Ms(1_000), Ms(250));
        Assert.Equal(Ms(1_750), c.ClosingPeriodEnd);
        Assert.Equal(Ms(1_750), c.NextDeadline);
        Assert.Equal(Ms(250), c.Pto);

        Assert.Equal(LifecycleActions.None, c.OnTimeout(Ms(1_749)));
        Assert.Equal(ConnectionState.Closing, c.State);
        Assert.Equal(LifecycleActions.Closed, c.OnTimeout(Ms(1_750)));
        Assert.Equal(ConnectionState.Closed, c.State);
        Assert.Null(c.ClosingPeriodEnd);
        Assert.Null(c.NextDeadline);
        Assert.Equal(CloseSource.Local, c.CloseInfo!.Source); // kept after the period
    }

    [Fact]
    public void Close_is_answered_again_on_packets_with_exponential_backoff()
    {
        var c = ConfirmedClient();
        c.Close(0, true, null, Ms(0), Ms(10_000)); // a long period so the timer does not interfere
        var answered = new List<int>();
        for (int packet = 1; packet <= 100; packet++)
        {
            var actions = c.OnPacketReceived(Ms(packet));
            Assert.True(actions is LifecycleActions.None or LifecycleActions.SendConnectionClose);
            if (actions == LifecycleActions.SendConnectionClose) answered.Add(packet);
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 64], answered);
        Assert.Equal(ConnectionState.Closing, c.State);
    }

    [Fact]
    public void A_second_close_is_ignored()
    {
        var c = ConfirmedClient();
        c.Close(1, true, "first", Ms(0), Ms(100));
        Assert.Equal(LifecycleActions.None, c.Close(2, false, "second", Ms(10), Ms(100)));
        Assert.Equal(1UL, c.CloseInfo!.ErrorCode);
        Assert.Equal(Ms(300), c.ClosingPeriodEnd);
    }

    [Fact]
    public void Close_rejects_codes_that_are_not_varints()
    {
        var c = ConfirmedClient();
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Close(1UL << 62, true, null, Ms(0), Ms(100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Close(1, false, null, Ms(0), TimeSpan.Zero));
        Assert.Equal(ConnectionState.Confirmed, c.State); // nothing changed
    }
}
