using Akka.Streams.Dsl;
using Akka.IO;

namespace ActorQuic.Host.Hq;

/// <summary>
/// The part of a bidirectional QUIC stream that hq-interop needs, so the request logic runs over
/// a real <c>QuicStream</c> or an in-memory pipe alike.
/// </summary>
internal interface IHqStream
{
    /// <summary>The peer's bytes; fails when the peer resets the stream.</summary>
    Source<ByteString, Akka.NotUsed> Incoming { get; }

    /// <summary>Our bytes; completion sends FIN. The task completes when the stream's send side is done.</summary>
    Sink<ByteString, Task> Outgoing { get; }

    /// <summary>Resets our sending side and stops reading, both with <paramref name="errorCode"/>.</summary>
    void Abort(long errorCode);

    /// <summary>The peer's address for the access log.</summary>
    string Remote { get; }
}
