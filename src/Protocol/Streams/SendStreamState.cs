namespace ActorQuic.Protocol.Streams;

/// <summary>States of the sending part of a stream (RFC 9000 §3.1, figure 2).</summary>
public enum SendStreamState : byte
{
    /// <summary>Created; data may be buffered but nothing was sent.</summary>
    Ready,
    /// <summary>STREAM or STREAM_DATA_BLOCKED sent.</summary>
    Send,
    /// <summary>FIN sent; only retransmissions remain.</summary>
    DataSent,
    /// <summary>Everything acknowledged (terminal).</summary>
    DataRecvd,
    /// <summary>RESET_STREAM sent.</summary>
    ResetSent,
    /// <summary>RESET_STREAM acknowledged (terminal).</summary>
    ResetRecvd,
}
