namespace ActorQuic.Protocol.Streams;

/// <summary>States of the receiving part of a stream (RFC 9000 §3.2, figure 3).</summary>
public enum ReceiveStreamState : byte
{
    /// <summary>Receiving data; the final size is not known.</summary>
    Recv,
    /// <summary>FIN received: the final size is known, data may still be missing.</summary>
    SizeKnown,
    /// <summary>All data up to the final size received, not all read yet.</summary>
    DataRecvd,
    /// <summary>The application read everything (terminal).</summary>
    DataRead,
    /// <summary>RESET_STREAM received.</summary>
    ResetRecvd,
    /// <summary>The application was told of the reset (terminal).</summary>
    ResetRead,
}
