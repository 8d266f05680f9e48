namespace ActorQuic.Streams;

/// <summary>How the stream stages of one connection talk to it (from the client or server options).</summary>
/// <param name="ReadChunkSize">MaxBytes of each ReadStream: the most one element of <see cref="QuicStream.Incoming"/> carries.</param>
/// <param name="WriteWindow">Bytes a writer keeps written but not yet acknowledged before it stops pulling.</param>
/// <param name="DefaultStreamErrorCode">The application code of STOP_SENDING / RESET_STREAM when a stage is cancelled or fails.</param>
internal sealed record QuicStreamSettings(int ReadChunkSize, long WriteWindow, long DefaultStreamErrorCode)
{
    public static readonly QuicStreamSettings Default = new(64 * 1024, 1024 * 1024, 0);
}
