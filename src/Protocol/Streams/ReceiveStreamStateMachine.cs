namespace ActorQuic.Protocol.Streams;

/// <summary>
/// The receiving part of a stream (RFC 9000 §3.2). Peer-driven transitions validate the final
/// size and throw <see cref="QuicProtocolException"/> (FINAL_SIZE_ERROR) when the peer breaks
/// RFC 9000 §4.5; frames arriving late in any state are otherwise legal (RFC 9000 §3.3).
/// Transitions driven by the local application out of order throw <see cref="InvalidOperationException"/>.
/// </summary>
/// <remarks>
/// Two choices RFC 9000 §3.2 leaves open: RESET_STREAM in "Data Recvd" is suppressed (all data
/// is buffered, so it is delivered), and "Reset Recvd" never returns to "Data Recvd" (the
/// buffered data is discarded on reset).
/// </remarks>
public sealed class ReceiveStreamStateMachine
{
    private const ulong StreamFrameType = 0x08;
    private const ulong ResetStreamFrameType = 0x04;
    private const ulong Unknown = ulong.MaxValue;

    private ulong _finalSize = Unknown;
    private ulong _highestReceived;

    public ReceiveStreamState State { get; private set; } = ReceiveStreamState.Recv;

    public ulong? FinalSize => _finalSize == Unknown ? null : _finalSize;

    /// <summary>One past the largest offset the peer has sent data for.</summary>
    public ulong HighestReceivedOffset => _highestReceived;

    public bool IsTerminal => State is ReceiveStreamState.DataRead or ReceiveStreamState.ResetRead;

    /// <summary>MAX_STREAM_DATA is only worth sending in "Recv" (RFC 9000 §3.3).</summary>
    public bool CanSendMaxStreamData => State == ReceiveStreamState.Recv;

    /// <summary>STOP_SENDING is useful in "Recv" and "Size Known" (RFC 9000 §3.5).</summary>
    public bool CanSendStopSending => State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown;

    /// <summary>
    /// A STREAM frame arrived carrying [offset, offset + length), with FIN when <paramref name="fin"/>.
    /// Throws FINAL_SIZE_ERROR when the final size changes or data lies beyond it (RFC 9000 §4.5),
    /// even once the stream is done. Returns whether the data should go to the reassembly buffer
    /// (false after all data arrived or after a reset: it is discarded, RFC 9000 §3.2).
    /// </summary>
    public bool OnStreamFrame(ulong offset, ulong length, bool fin)
    {
        ulong end = offset + length; // the frame decoder bounds both to 2^62-1 (RFC 9000 §19.8)
        CheckFinalSize(end, fin, StreamFrameType);
        if (end > _highestReceived) _highestReceived = end;
        if (fin)
        {
            _finalSize = end;
            if (State == ReceiveStreamState.Recv) State = ReceiveStreamState.SizeKnown;
        }
        return State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown;
    }

    /// <summary>Every byte up to the final size has arrived: "Size Known" → "Data Recvd".</summary>
    public void OnAllDataReceived()
    {
        switch (State)
        {
            case ReceiveStreamState.SizeKnown:
                State = ReceiveStreamState.DataRecvd;
                break;
            case ReceiveStreamState.DataRecvd:
            case ReceiveStreamState.DataRead:
                break;
            default:
                throw Illegal("receive all data");
        }
    }

    /// <summary>The application read everything: "Data Recvd" → "Data Read".</summary>
    public void OnAllDataRead()
    {
        if (State == ReceiveStreamState.DataRead) return;
        if (State != ReceiveStreamState.DataRecvd) throw Illegal("read all data");
        State = ReceiveStreamState.DataRead;
    }

    /// <summary>
    /// RESET_STREAM arrived with <paramref name="finalSize"/>. Throws FINAL_SIZE_ERROR if it
    /// contradicts a known final size or data already received (RFC 9000 §4.5, §19.4). Returns
    /// true when the stream moved to "Reset Recvd" (discard buffered data, tell the application).
    /// </summary>
    public bool OnResetReceived(ulong finalSize)
    {
        CheckFinalSize(finalSize, fin: true, ResetStreamFrameType);
        _finalSize = finalSize;
        if (finalSize > _highestReceived) _highestReceived = finalSize;
        if (State is ReceiveStreamState.Recv or ReceiveStreamState.SizeKnown)
        {
            State = ReceiveStreamState.ResetRecvd;
            return true;
        }
        return false;
    }

    /// <summary>The application saw the reset: "Reset Recvd" → "Reset Read".</summary>
    public void OnResetRead()
    {
        if (State == ReceiveStreamState.ResetRead) return;
        if (State != ReceiveStreamState.ResetRecvd) throw Illegal("read the reset");
        State = ReceiveStreamState.ResetRead;
    }

    private void CheckFinalSize(ulong end, bool fin, ulong frameType)
    {
        if (_finalSize != Unknown)
        {
            if (end > _finalSize || (fin && end != _finalSize))
                throw new QuicProtocolException(TransportErrorCode.FinalSizeError,
                    $"final size is {_finalSize}, got {(fin ? "final size" : "data ending at")} {end}", frameType);
        }
        else if (fin && end < _highestReceived)
        {
            throw new QuicProtocolException(TransportErrorCode.FinalSizeError,
                $"final size {end} is below data already received up to {_highestReceived}", frameType);
        }
    }

    private InvalidOperationException Illegal(string what) =>
        new($"cannot {what} in receiving state {State} (RFC 9000 §3.2)");
}
