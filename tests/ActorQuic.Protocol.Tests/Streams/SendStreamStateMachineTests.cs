using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Tests.Streams;

public class SendStreamStateMachineTests
{
    public enum Event { DataSent, FinSent, AllDataAcked, ResetSent, ResetAcked }

    private static SendStreamStateMachine In(SendStreamState state)
    {
        var sm = new SendStreamStateMachine();
        switch (state)
        {
            case SendStreamState.Send: sm.OnDataSent(); break;
            case SendStreamState.DataSent: sm.OnFinSent(); break;
            case SendStreamState.DataRecvd: sm.OnFinSent(); sm.OnAllDataAcked(); break;
            case SendStreamState.ResetSent: sm.OnResetSent(); break;
            case SendStreamState.ResetRecvd: sm.OnResetSent(); sm.OnResetAcked(); break;
        }
        Assert.Equal(state, sm.State);
        return sm;
    }

    private static void Apply(SendStreamStateMachine sm, Event e)
    {
        switch (e)
        {
            case Event.DataSent: sm.OnDataSent(); break;
            case Event.FinSent: sm.OnFinSent(); break;
            case Event.AllDataAcked: sm.OnAllDataAcked(); break;
            case Event.ResetSent: sm.OnResetSent(); break;
            case Event.ResetAcked: sm.OnResetAcked(); break;
        }
    }

    // The full transition table of RFC 9000 §3.1, figure 2; null = illegal (a local bug).
    [Theory]
    [InlineData(SendStreamState.Ready, Event.DataSent, SendStreamState.Send)]
    [InlineData(SendStreamState.Ready, Event.FinSent, SendStreamState.DataSent)]
    [InlineData(SendStreamState.Ready, Event.AllDataAcked, null)]
    [InlineData(SendStreamState.Ready, Event.ResetSent, SendStreamState.ResetSent)]
    [InlineData(SendStreamState.Ready, Event.ResetAcked, null)]
    [InlineData(SendStreamState.Send, Event.DataSent, SendStreamState.Send)]
    [InlineData(SendStreamState.Send, Event.FinSent, SendStreamState.DataSent)]
    [InlineData(SendStreamState.Send, Event.AllDataAcked, null)]
    [InlineData(SendStreamState.Send, Event.ResetSent, SendStreamState.ResetSent)]
    [InlineData(SendStreamState.Send, Event.ResetAcked, null)]
    [InlineData(SendStreamState.DataSent, Event.DataSent, SendStreamState.DataSent)]
    [InlineData(SendStreamState.DataSent, Event.FinSent, SendStreamState.DataSent)]
    [InlineData(SendStreamState.DataSent, Event.AllDataAcked, SendStreamState.DataRecvd)]
    [InlineData(SendStreamState.DataSent, Event.ResetSent, SendStreamState.ResetSent)]
    [InlineData(SendStreamState.DataSent, Event.ResetAcked, null)]
    [InlineData(SendStreamState.DataRecvd, Event.DataSent, null)]
    [InlineData(SendStreamState.DataRecvd, Event.FinSent, null)]
    [InlineData(SendStreamState.DataRecvd, Event.AllDataAcked, SendStreamState.DataRecvd)]
    [InlineData(SendStreamState.DataRecvd, Event.ResetSent, SendStreamState.DataRecvd)] // nothing to reset
    [InlineData(SendStreamState.DataRecvd, Event.ResetAcked, null)]
    [InlineData(SendStreamState.ResetSent, Event.DataSent, null)]
    [InlineData(SendStreamState.ResetSent, Event.FinSent, null)]
    [InlineData(SendStreamState.ResetSent, Event.AllDataAcked, null)]
    [InlineData(SendStreamState.ResetSent, Event.ResetSent, SendStreamState.ResetSent)]
    [InlineData(SendStreamState.ResetSent, Event.ResetAcked, SendStreamState.ResetRecvd)]
    [InlineData(SendStreamState.ResetRecvd, Event.DataSent, null)]
    [InlineData(SendStreamState.ResetRecvd, Event.FinSent, null)]
    [InlineData(SendStreamState.ResetRecvd, Event.AllDataAcked, null)]
    [InlineData(SendStreamState.ResetRecvd, Event.ResetSent, SendStreamState.ResetRecvd)]
    [InlineData(SendStreamState.ResetRecvd, Event.ResetAcked, SendStreamState.ResetRecvd)]
    public void Transition_table(SendStreamState from, Event e, SendStreamState? to)
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
    [InlineData(SendStreamState.Ready, true)]
    [InlineData(SendStreamState.Send, true)]
    [InlineData(SendStreamState.DataSent, true)]
    [InlineData(SendStreamState.DataRecvd, false)]
    [InlineData(SendStreamState.ResetSent, false)]
    [InlineData(SendStreamState.ResetRecvd, false)]
    public void Stop_sending_demands_a_reset_only_while_data_is_outstanding(SendStreamState state, bool mustReset)
    {
        // RFC 9000 §3.5: STOP_SENDING may arrive in any state; it is never an error.
        var sm = In(state);
        Assert.Equal(mustReset, sm.OnStopSendingReceived());
        Assert.Equal(mustReset, sm.OnResetSent());
    }

    [Fact]
    public void Flags_follow_rfc_9000_section_3()
    {
        Assert.True(In(SendStreamState.Send).WantsFlowControlUpdates);
        Assert.False(In(SendStreamState.DataSent).WantsFlowControlUpdates); // MAX_STREAM_DATA ignorable
        Assert.True(In(SendStreamState.DataSent).CanSendData);              // retransmissions
        Assert.False(In(SendStreamState.DataSent).CanSendNewData);
        Assert.False(In(SendStreamState.ResetSent).CanSendData);
        Assert.True(In(SendStreamState.DataRecvd).IsTerminal);
        Assert.True(In(SendStreamState.ResetRecvd).IsTerminal);
        Assert.False(In(SendStreamState.ResetSent).IsTerminal);
    }
}
