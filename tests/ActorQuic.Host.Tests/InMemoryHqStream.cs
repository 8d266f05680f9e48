using System.Threading.Channels;
using ActorQuic.Host.Hq;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Host.Tests;

/// <summary>
/// The transport under hq tests before real QUIC: two channels joined as a bidirectional stream.
/// Abort completes both directions with <see cref="StreamResetException"/> carrying the code, as a
/// RESET_STREAM plus STOP_SENDING would.
/// </summary>
internal sealed class InMemoryHqStream : IHqStream
{
    private readonly Channel<ByteString> _send;
    private readonly Channel<ByteString> _receive;

    private InMemoryHqStream(Channel<ByteString> send, Channel<ByteString> receive, string remote)
    {
        _send = send;
        _receive = receive;
        Remote = remote;
    }

    public static (InMemoryHqStream Client, InMemoryHqStream Server) CreatePair()
    {
        var toServer = Channel.CreateBounded<ByteString>(4);
        var toClient = Channel.CreateBounded<ByteString>(4); // small: back-pressure is exercised
        return (new InMemoryHqStream(toServer, toClient, "server"), new InMemoryHqStream(toClient, toServer, "127.0.0.1:50000"));
    }

    public long? AbortCode { get; private set; }

    public string Remote { get; }

    public Source<ByteString, NotUsed> Incoming => ChannelSource.FromReader(_receive.Reader);

    public Sink<ByteString, Task> Outgoing =>
        ChannelSink.FromWriter(_send.Writer, isOwner: true).MapMaterializedValue(_ => _send.Reader.Completion);

    public void Abort(long errorCode)
    {
        AbortCode ??= errorCode;
        var reset = new StreamResetException(errorCode);
        _send.Writer.TryComplete(reset);
        _receive.Writer.TryComplete(reset);
    }
}

internal sealed class StreamResetException(long code) : IOException($"stream reset with code {code}")
{
    public long Code { get; } = code;
}
