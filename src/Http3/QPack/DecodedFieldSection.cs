namespace ActorQuic.Http3.QPack;

/// <summary>
/// A field section that was blocked on dynamic table inserts and is now decoded (RFC 9204 §2.2.1),
/// handed out by <see cref="QPackDecoder.TryTakeUnblocked"/> in the order it became ready.
/// When decoding it hit a stream-level limit, <see cref="Error"/> is set and <see cref="Fields"/>
/// is empty: the HTTP/3 layer resets that stream (and cancels it on the decoder).
/// </summary>
public readonly record struct DecodedFieldSection(long StreamId, IReadOnlyList<HeaderField> Fields, Http3ProtocolException? Error = null);
