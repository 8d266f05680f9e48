using ActorQuic.Streams;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Hq;

/// <summary>A bidirectional <see cref="QuicStream"/> as an <see cref="IHqStream"/>.</summary>
internal sealed class QuicHqStream(QuicStream stream) : IHqStream
{
    public Source<ByteString, NotUsed> Incoming => stream.Incoming;

    public Sink<ByteString, Task> Outgoing => stream.Outgoing;

    public string Remote => stream.RemoteEndPoint.ToString();

    public void Abort(long errorCode) => stream.Abort(QuicAbortDirection.Both, errorCode);
}
