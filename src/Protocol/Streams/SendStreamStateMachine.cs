namespace ActorQuic.Protocol.Streams;

/// <summary>
/// The sending part of a stream (RFC 9000 §3.1). Transitions are driven by what we send and
/// what the peer acknowledges; calling one out of order is a bug in the caller
/// (<see cref="InvalidOperationException"/>), except the peer-driven STOP_SENDING, which is legal
/// in any state (RFC 9000 §3.5: it may arrive late).
/// </summary>
public sealed class SendStreamStateMachine
{
    public SendStreamState State { get; private set; } = SendStreamState.Ready;

    /// <summary>Terminal: "Data Recvd" or "Reset Recvd"; nothing more is ever sent.</summary>
    public bool IsTerminal => State is SendStreamState.DataRecvd or SendStreamState.ResetRecvd;

    /// <summary>STREAM and STREAM_DATA_BLOCKED may be sent: not after RESET_STREAM or in a terminal state (RFC 9000 §3.3).</summary>
    public bool CanSendData => State is SendStreamState.Ready or SendStreamState.Send or SendStreamState.DataSent;

    /// <summary>New data may be sent and flow control matters (RFC 9000 §3.1: not in "Data Sent").</summary>
    public bool CanSendNewData => State is SendStreamState.Ready or SendStreamState.Send;

    /// <summary>RESET_STREAM can still be sent (RFC 9000 §3.1: from "Ready", "Send" or "Data Sent").</summary>
    public bool CanReset => State is SendStreamState.Ready or SendStreamState.Send or SendStreamState.DataSent;

    /// <summary>Whether MAX_STREAM_DATA still matters; in other states it is ignored (RFC 9000 §3.1).</summary>
    public bool WantsFlowControlUpdates => State is SendStreamState.Ready or SendStreamState.Send;

    /// <summary>A STREAM (without FIN) or STREAM_DATA_BLOCKED frame was sent.</summary>
    public void OnDataSent()
    {
        switch (State)
        {
            case SendStreamState.Ready:
                State = SendStreamState.Send;
                break;
            case SendStreamState.Send:
            case SendStreamState.DataSent: // retransmissions
                break;
            default:
                throw Illegal("send STREAM");
        }
    }

    /// <summary>A STREAM frame with FIN was sent (possibly "Ready" → "Send" → "Data Sent" at once).</summary>
    public void OnFinSent()
    {
        switch (State)
        {
            case SendStreamState.Ready:
            case SendStreamState.Send:
                State = SendStreamState.DataSent;
                break;
            case SendStreamState.DataSent: // FIN retransmitted
                break;
            default:
                throw Illegal("send FIN");
        }
    }

    /// <summary>All data and the FIN are acknowledged: "Data Sent" → "Data Recvd".</summary>
    public void OnAllDataAcked()
    {
        if (State == SendStreamState.DataRecvd) return;
        if (State != SendStreamState.DataSent) throw Illegal("receive all ACKs");
        State = SendStreamState.DataRecvd;
    }

    /// <summary>
    /// RESET_STREAM was sent. Returns false (and changes nothing) when there is nothing left to
    /// reset: already reset or all data acknowledged.
    /// </summary>
    public bool OnResetSent()
    {
        if (!CanReset) return false;
        State = SendStreamState.ResetSent;
        return true;
    }

    /// <summary>The packet with RESET_STREAM was acknowledged: "Reset Sent" → "Reset Recvd".</summary>
    public void OnResetAcked()
    {
        if (State == SendStreamState.ResetRecvd) return;
        if (State != SendStreamState.ResetSent) throw Illegal("receive RESET_STREAM ACK");
        State = SendStreamState.ResetRecvd;
    }

    /// <summary>
    /// The peer sent STOP_SENDING. Returns whether we must answer with RESET_STREAM: in "Ready"
    /// and "Send" it is mandatory (RFC 9000 §3.5); in "Data Sent" we choose to reset at once
    /// rather than defer. In the other states the frame is stale and ignored.
    /// </summary>
    public bool OnStopSendingReceived() => CanReset;

    private InvalidOperationException Illegal(string what) =>
        new($"cannot {what} in sending state {State} (RFC 9000 §3.1)");
}
