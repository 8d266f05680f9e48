using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// NEW_CONNECTION_ID (RFC 9000 §19.15). The connection ID and the 16-byte stateless reset
/// token are copied into the value (no allocation) so the receiver can store them after the
/// packet buffer is reused.
/// </summary>
public readonly record struct NewConnectionIdFrame(
    ulong SequenceNumber,
    ulong RetirePriorTo,
    ConnectionId ConnectionId,
    StatelessResetToken StatelessResetToken)
{
    public const int StatelessResetTokenLength = Wire.StatelessResetToken.Length;

    public FrameType Type => FrameType.NewConnectionId;

    public int GetEncodedLength() =>
        1 + QuicVarint.GetLength(SequenceNumber) + QuicVarint.GetLength(RetirePriorTo)
        + 1 + ConnectionId.Length + StatelessResetTokenLength;

    public void Encode(ref QuicWriter w)
    {
        // Refuse what a peer would have to reject (RFC 9000 §19.15).
        if (ConnectionId.IsEmpty) throw new InvalidOperationException("NEW_CONNECTION_ID needs a non-empty connection ID");
        if (RetirePriorTo > SequenceNumber) throw new InvalidOperationException("Retire Prior To exceeds the sequence number");
        w.WriteByte((byte)FrameType.NewConnectionId);
        w.WriteVarint(SequenceNumber);
        w.WriteVarint(RetirePriorTo);
        // Span points into the value, so take it from a local.
        ConnectionId cid = ConnectionId;
        w.WriteByte((byte)cid.Length);
        w.WriteBytes(cid.Span);
        StatelessResetToken token = StatelessResetToken;
        w.WriteBytes(token.Span);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static NewConnectionIdFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.NewConnectionId;
        ulong sequence = FrameDecoding.ReadVarint(ref r, type);
        ulong retirePriorTo = FrameDecoding.ReadVarint(ref r, type);
        // RFC 9000 §19.15: Retire Prior To above the Sequence Number is a FRAME_ENCODING_ERROR.
        if (retirePriorTo > sequence) FrameDecoding.ThrowEncodingError(type, "Retire Prior To exceeds the sequence number");
        byte length = FrameDecoding.ReadByte(ref r, type);
        // RFC 9000 §19.15: a length below 1 or above 20 is a FRAME_ENCODING_ERROR.
        if (length is 0 or > ConnectionId.MaxLength) FrameDecoding.ThrowEncodingError(type, "connection ID length outside 1..20");
        if (!r.TryReadSpan(length, out var cid)) FrameDecoding.ThrowTruncated(type);
        var connectionId = new ConnectionId(cid);
        if (!r.TryReadSpan(StatelessResetTokenLength, out var token)) FrameDecoding.ThrowTruncated(type);
        return new NewConnectionIdFrame(sequence, retirePriorTo, connectionId, new StatelessResetToken(token));
    }
}
