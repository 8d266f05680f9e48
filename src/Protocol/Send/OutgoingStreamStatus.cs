using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Send;

/// <summary>A snapshot of one outgoing stream, for the owner's bookkeeping and for tests.</summary>
/// <param name="PeerLimit">The peer's MAX_STREAM_DATA for the stream.</param>
/// <param name="BufferedBytes">Written and not yet acknowledged: what back-pressure bounds.</param>
/// <param name="AllocatedBytes">Buffer memory currently rented.</param>
/// <param name="FinalSize">Set once the writer finished the stream (RFC 9000 §4.5).</param>
public readonly record struct OutgoingStreamStatus(
    SendStreamState State,
    ulong WrittenOffset,
    ulong SentOffset,
    ulong AckedOffset,
    ulong PeerLimit,
    ulong BufferedBytes,
    long AllocatedBytes,
    ulong? FinalSize);
