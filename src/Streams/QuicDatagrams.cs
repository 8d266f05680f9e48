using System.Threading.Channels;
using ActorQuic.ConnectionActors;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams;

/// <summary>
/// Unreliable DATAGRAM frames of a connection (RFC 9221). Both peers must enable them
/// (max_datagram_frame_size, §3). Datagrams are not flow controlled (§5): received ones wait in a
/// bounded buffer and the oldest are dropped when nobody reads, as the RFC allows (§5).
/// </summary>
public sealed class QuicDatagrams
{
    private readonly IActorRef _connection;
    private readonly Channel<ByteString> _received;

    internal QuicDatagrams(IActorRef connection, int bufferCapacity)
    {
        _connection = connection;
        _received = Channel.CreateBounded<ByteString>(new BoundedChannelOptions(bufferCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
    }

    /// <summary>Payloads of received DATAGRAM frames; completes when the connection ends.</summary>
    public Source<ByteString, NotUsed> Incoming => ChannelSource.FromReader(_received.Reader);

    /// <summary>Sends each element as one DATAGRAM frame; one that does not fit in a packet, or that the peer did not allow, is dropped (§5).</summary>
    public Sink<ByteString, NotUsed> Outgoing =>
        Flow.Create<ByteString>()
            .To(Sink.ForEach<ByteString>(payload => _connection.Tell(new SendDatagram(payload.ToArray()), ActorRefs.NoSender)));

    internal void OnReceived(byte[] payload) => _received.Writer.TryWrite(ByteString.FromBytes(payload));

    internal void Complete() => _received.Writer.TryComplete();
}
