using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Tests.Streams;

public class ReceiveStreamStateMachineTests
{
    public enum Event { Data, Fin, AllDataReceived, AllDataRead, Reset, ResetRead }

    private const ulong Size = 100;

    private static ReceiveStreamStateMachine In(ReceiveStreamState state)
    {
        var sm = new ReceiveStreamStateMachine();
        sm.OnStreamFrame(0, 50, fin: false);
        switch (state)
        {
            case ReceiveStreamState.SizeKnown: sm.OnStreamFrame(50, 50, fin: true); break;
            case ReceiveStreamState.DataRecvd: sm.OnStreamFrame(50, 50, fin: true); sm.OnAllDataReceived(); break;
            case ReceiveStreamState.DataRead: sm.OnStreamFrame(50, 50, fin: true); sm.OnAllDataReceived(); sm.OnAllDataRead(); break;
            case ReceiveStreamState.ResetRecvd: sm.OnResetReceived(Size); break;
            case ReceiveStreamState.ResetRead: sm.OnResetReceived(Size); sm.OnResetRead(); break;
        }
        Assert.Equal(state, sm.State);
        return sm;
    }

    private static void Apply(ReceiveStreamStateMachine sm, Event e)
    {
        switch (e)
        {
            case Event.Data: sm.OnStreamFrame(10, 20, fin: false); break;
            case Event.Fin: sm.OnStreamFrame(90, 10, fin: true); break;
            case Event.AllDataReceived: sm.OnAllDataReceived(); break;
            case Event.AllDataRead: sm.OnAllDataRead(); break;
            case Event.Reset: sm.OnResetReceived(Size); break;
            case Event.ResetRead: sm.OnResetRead(); break;
        }
    }

    // RFC 9000 §3.2, figure 3. Peer frames are legal in every state (late delivery, §3.3);
    // null = illegal local transition.
    [Theory]
    [InlineData(ReceiveStreamState.Recv, Event.Data, ReceiveStreamState.Recv)]
    [InlineData(ReceiveStreamState.Recv, Event.Fin, ReceiveStreamState.SizeKnown)]
    [InlineData(ReceiveStreamState.Recv, Event.AllDataReceived, null)]
    [InlineData(ReceiveStreamState.Recv, Event.AllDataRead, null)]
    [InlineData(ReceiveStreamState.Recv, Event.Reset, ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.Recv, Event.ResetRead, null)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.Data, ReceiveStreamState.SizeKnown)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.Fin, ReceiveStreamState.SizeKnown)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.AllDataReceived, ReceiveStreamState.DataRecvd)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.AllDataRead, null)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.Reset, ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.SizeKnown, Event.ResetRead, null)]
    [InlineData(ReceiveStreamState.DataRecvd, Event.Data, ReceiveStreamState.DataRecvd)]
    [InlineData(ReceiveStreamState.DataRecvd, Event.Fin, ReceiveStreamState.DataRecvd)]
    [InlineData(ReceiveStreamState.DataRecvd, Event.AllDataReceived, ReceiveStreamState.DataRecvd)]
    [InlineData(ReceiveStreamState.DataRecvd, Event.AllDataRead, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRecvd, Event.Reset, ReceiveStreamState.DataRecvd)] // suppressed
    [InlineData(ReceiveStreamState.DataRecvd, Event.ResetRead, null)]
    [InlineData(ReceiveStreamState.DataRead, Event.Data, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRead, Event.Fin, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRead, Event.AllDataReceived, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRead, Event.AllDataRead, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRead, Event.Reset, ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.DataRead, Event.ResetRead, null)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.Data, ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.Fin, ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.AllDataReceived, null)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.AllDataRead, null)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.Reset, ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.ResetRecvd, Event.ResetRead, ReceiveStreamState.ResetRead)]
    [InlineData(ReceiveStreamState.ResetRead, Event.Data, ReceiveStreamState.ResetRead)]
    [InlineData(ReceiveStreamState.ResetRead, Event.Fin, ReceiveStreamState.ResetRead)]
    [InlineData(ReceiveStreamState.ResetRead, Event.AllDataReceived, null)]
    [InlineData(ReceiveStreamState.ResetRead, Event.AllDataRead, null)]
    [InlineData(ReceiveStreamState.ResetRead, Event.Reset, ReceiveStreamState.ResetRead)]
    [InlineData(ReceiveStreamState.ResetRead, Event.ResetRead, ReceiveStreamState.ResetRead)]
    public void Transition_table(ReceiveStreamState from, Event e, ReceiveStreamState? to)
    {
        var sm = In(from);
        if (to is null)
        {
            Assert.Throws<InvalidOperationException>(() => Apply(sm, e));
            Assert.Equal(from, sm.State);
        }
        else
        {
            Apply(sm, e);
            Assert.Equal(to, sm.State);
        }
    }

    [Theory]
    [InlineData(ReceiveStreamState.Recv, true)]
    [InlineData(ReceiveStreamState.SizeKnown, true)]
    [InlineData(ReceiveStreamState.DataRecvd, false)]
    [InlineData(ReceiveStreamState.DataRead, false)]
    [InlineData(ReceiveStreamState.ResetRecvd, false)]
    [InlineData(ReceiveStreamState.ResetRead, false)]
    public void Data_is_buffered_only_while_still_needed(ReceiveStreamState state, bool buffer)
    {
        Assert.Equal(buffer, In(state).OnStreamFrame(0, 10, fin: false));
    }

    // RFC 9000 §4.5 in every state where the final size is known: a change is FINAL_SIZE_ERROR.
    [Theory]
    [InlineData(ReceiveStreamState.SizeKnown)]
    [InlineData(ReceiveStreamState.DataRecvd)]
    [InlineData(ReceiveStreamState.DataRead)]
    [InlineData(ReceiveStreamState.ResetRecvd)]
    [InlineData(ReceiveStreamState.ResetRead)]
    public void Final_size_changes_are_errors_in_every_state(ReceiveStreamState state)
    {
        void Expect(Action a, ulong frameType)
        {
            var ex = Assert.Throws<QuicProtocolException>(a);
            Assert.Equal(TransportErrorCode.FinalSizeError, ex.ErrorCode);
            Assert.Equal(frameType, ex.FrameType);
        }
        var sm = In(state);
        Expect(() => sm.OnStreamFrame(100, 1, fin: false), 0x08);    // data beyond the final size
        Expect(() => sm.OnStreamFrame(0, 99, fin: true), 0x08);      // smaller FIN
        Expect(() => sm.OnStreamFrame(0, 101, fin: true), 0x08);     // larger FIN
        Expect(() => sm.OnResetReceived(101), 0x04);                 // RESET_STREAM mismatch
        Expect(() => sm.OnResetReceived(99), 0x04);
        Assert.Equal(state, sm.State);
    }

    [Fact]
    public void Reset_or_fin_below_received_data_is_a_final_size_error()
    {
        var sm = new ReceiveStreamStateMachine();
        sm.OnStreamFrame(0, 50, fin: false);
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => sm.OnResetReceived(49)).ErrorCode);
        Assert.Equal(TransportErrorCode.FinalSizeError,
            Assert.Throws<QuicProtocolException>(() => sm.OnStreamFrame(0, 40, fin: true)).ErrorCode);
        Assert.True(sm.OnResetReceived(80));
        Assert.Equal(80UL, sm.FinalSize);
        Assert.Equal(80UL, sm.HighestReceivedOffset); // counts for connection flow control
    }

    [Fact]
    public void Control_frames_follow_rfc_9000_section_3_3()
    {
        Assert.True(In(ReceiveStreamState.Recv).CanSendMaxStreamData);
        Assert.False(In(ReceiveStreamState.SizeKnown).CanSendMaxStreamData);
        Assert.True(In(ReceiveStreamState.SizeKnown).CanSendStopSending);
        Assert.False(In(ReceiveStreamState.ResetRecvd).CanSendStopSending);
        Assert.True(In(ReceiveStreamState.DataRead).IsTerminal);
        Assert.True(In(ReceiveStreamState.ResetRead).IsTerminal);
    }
}
