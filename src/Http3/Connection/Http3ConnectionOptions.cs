using ActorQuic.Http3.QPack;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Connection;

/// <summary>
/// Configuration of one <see cref="Http3Connection"/>. The caller (the stream layer) owns QUIC
/// stream id allocation, so it names the three unidirectional streams we open (RFC 9114 §6.2:
/// control, RFC 9204 §4.2: QPACK encoder and decoder); this keeps the connection free of any
/// "open a stream" round trip — the ids must be locally initiated unidirectional streams the
/// peer's MAX_STREAMS already allows (every endpoint must allow at least 3, RFC 9114 §6.2).
/// </summary>
public sealed class Http3ConnectionOptions
{
    public required StreamInitiator Role { get; init; }

    public required long ControlStreamId { get; init; }

    public required long QpackEncoderStreamId { get; init; }

    public required long QpackDecoderStreamId { get; init; }

    /// <summary>Our decoder's limits; they are what we advertise in SETTINGS (RFC 9204 §5).</summary>
    public QPackDecoderOptions Decoder { get; init; } = new();

    public QPackEncoderOptions Encoder { get; init; } = new();

    /// <summary>
    /// Seed for the reserved setting and grease frame we send (RFC 9114 §7.2.4.1, §7.2.8); the
    /// caller supplies randomness because this layer reads no RNG.
    /// </summary>
    public ulong GreaseSeed { get; init; } = 0x5eed;

    /// <summary>Cap on a HEADERS payload we buffer (larger is H3_EXCESSIVE_LOAD).</summary>
    public int MaxFieldSectionFrameLength { get; init; } = Frames.Http3FrameReader.DefaultMaxFieldSectionFrameLength;

    /// <summary>
    /// Most bytes held behind a blocked header section per stream (RFC 9204 §2.2.1) before the
    /// stream is reset with H3_EXCESSIVE_LOAD; normally QUIC flow control keeps it far lower.
    /// </summary>
    public int MaxBlockedStreamBuffer { get; init; } = 256 * 1024;

    internal static StreamInitiator InitiatorOf(long streamId) => (StreamInitiator)(streamId & 1);

    internal void Validate()
    {
        Decoder.Validate();
        Encoder.Validate();
        foreach (long id in (ReadOnlySpan<long>)[ControlStreamId, QpackEncoderStreamId, QpackDecoderStreamId])
        {
            if (id < 0 || (id & 2) == 0 || InitiatorOf(id) != Role)
                throw new ArgumentException($"stream {id} is not a {Role}-initiated unidirectional stream");
        }
        if (ControlStreamId == QpackEncoderStreamId || ControlStreamId == QpackDecoderStreamId || QpackEncoderStreamId == QpackDecoderStreamId)
            throw new ArgumentException("the control, QPACK encoder and decoder streams need distinct ids");
    }
}
