using System.Threading.Channels;
using ActorQuic.Http3.Messages;
using ActorQuic.Streams;
using Akka.IO;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// Our side of one request stream: the QUIC stream, the bytes <see cref="Http3Connection"/>
/// produced for it that the writer has not taken yet, and the received message content on its
/// way to the application. Guarded by the session's lock, except the channel (thread-safe).
/// </summary>
internal sealed class Http3StreamState
{
    /// <summary>Received DATA chunks held for the reader; bounded so a slow reader stops our reads (and so QUIC credit).</summary>
    private const int BodyCapacity = 16;

    public Http3StreamState(QuicStream stream)
    {
        Stream = stream;
        Body = Channel.CreateBounded<ByteString>(new BoundedChannelOptions(BodyCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public QuicStream Stream { get; }

    public long Id => (long)Stream.Id;

    /// <summary>Bytes for this stream from the connection, in order (taken by the writer after each call it makes).</summary>
    public List<ByteString> PendingWrites { get; } = new();

    public Channel<ByteString> Body { get; }

    /// <summary>The tail of the ordered chain of body writes (each waits for the previous one).</summary>
    public Task BodyTail { get; set; } = Task.CompletedTask;

    /// <summary>Client: completes with the final response header section.</summary>
    public TaskCompletionSource<Http3Response>? Response { get; init; }

    public IReadOnlyList<Http3Field>? Trailers { get; set; }

    public bool ReadDone { get; set; }

    public bool WriteDone { get; set; }

    public List<ByteString> TakePending()
    {
        var taken = new List<ByteString>(PendingWrites);
        PendingWrites.Clear();
        return taken;
    }
}
