namespace ActorQuic.Protocol.Streams;

/// <summary>
/// A piece of a stream the sender should put in a STREAM frame: bytes [Offset, Offset + Length),
/// with the FIN bit when <see cref="Fin"/>. Fetch the bytes with <see cref="SendBuffer.CopyTo"/>.
/// Report the same values back to <see cref="SendBuffer.OnAcked"/> or <see cref="SendBuffer.OnLost"/>.
/// </summary>
/// <param name="IsRetransmission">
/// The bytes were sent before, so they consume no flow-control credit again (RFC 9000 §4.1
/// counts the largest offset, not bytes transmitted).
/// </param>
public readonly record struct SendChunk(ulong Offset, int Length, bool Fin, bool IsRetransmission)
{
    public ulong End => Offset + (ulong)Length;
}
