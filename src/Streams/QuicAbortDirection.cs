namespace ActorQuic.Streams;

/// <summary>Which half of a stream <see cref="QuicStream.Abort"/> abandons.</summary>
[Flags]
public enum QuicAbortDirection
{
    /// <summary>Stop reading: STOP_SENDING (RFC 9000 §19.5).</summary>
    Read = 1,

    /// <summary>Stop writing: RESET_STREAM (RFC 9000 §19.4).</summary>
    Write = 2,

    Both = Read | Write,
}
