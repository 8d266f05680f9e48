using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// NEW_TOKEN (RFC 9000 §19.7): a token for the Initial packets of a future connection.
/// When decoded, <see cref="Token"/> is a slice of the packet payload: copy it to keep it.
/// </summary>
public readonly record struct NewTokenFrame(ReadOnlyMemory<byte> Token)
{
    public FrameType Type => FrameType.NewToken;

    public int GetEncodedLength() => 1 + QuicVarint.GetLength((ulong)Token.Length) + Token.Length;

    public void Encode(ref QuicWriter w)
    {
        // RFC 9000 §19.7: the token MUST NOT be empty.
        if (Token.IsEmpty) throw new InvalidOperationException("a NEW_TOKEN token must not be empty (RFC 9000 §19.7)");
        w.WriteByte((byte)FrameType.NewToken);
        w.WriteVarint((ulong)Token.Length);
        w.WriteBytes(Token.Span);
    }

    /// <summary>Reads the fields after the type byte (already read by the caller).</summary>
    public static NewTokenFrame Decode(ref QuicReader r)
    {
        const FrameType type = FrameType.NewToken;
        ulong length = FrameDecoding.ReadVarint(ref r, type);
        // RFC 9000 §19.7: an empty token MUST be a FRAME_ENCODING_ERROR.
        if (length == 0) FrameDecoding.ThrowEncodingError(type, "NEW_TOKEN with an empty token");
        return new NewTokenFrame(FrameDecoding.ReadMemory(ref r, length, type));
    }
}
