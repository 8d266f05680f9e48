using ActorQuic.Http3.Messages;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Http3.Transport;

/// <summary>
/// A final response received by an <see cref="Http3ClientConnection"/>: the header section and the
/// content as a back-pressured Source (read it or cancel it; cancelling stops the stream with
/// H3_REQUEST_CANCELLED).
/// </summary>
public sealed class Http3ClientResponse
{
    private readonly IMaterializer _materializer;

    internal Http3ClientResponse(Http3Response response, Source<ByteString, NotUsed> body, IMaterializer materializer, long streamId)
    {
        Response = response;
        Body = body;
        _materializer = materializer;
        StreamId = streamId;
    }

    public Http3Response Response { get; }

    public int Status => Response.Status;

    public IReadOnlyList<Http3Field> Headers => Response.Headers;

    /// <summary>Content-Length, if the server sent one.</summary>
    public long? ContentLength => Response.ContentLength;

    /// <summary>The content (DATA payloads); completes at the end of the message, fails if the stream was reset.</summary>
    public Source<ByteString, NotUsed> Body { get; }

    public long StreamId { get; }

    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name)
    {
        foreach (var field in Response.Headers)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase)) return field.Value;
        }
        return null;
    }

    /// <summary>Reads the whole content into memory (for small bodies and tests).</summary>
    public async Task<byte[]> ReadBodyAsync(CancellationToken cancellationToken = default)
    {
        var all = await Body.RunAggregate(ByteString.Empty, (acc, chunk) => acc.Concat(chunk), _materializer)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return all.ToArray();
    }

    /// <summary>Streams the content into <paramref name="destination"/>; returns the bytes written.</summary>
    public async Task<long> CopyBodyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long total = 0;
        await Body.SelectAsync(1, async chunk =>
        {
            await chunk.WriteToAsync(destination).ConfigureAwait(false);
            total += chunk.Count;
            return NotUsed.Instance;
        }).RunWith(Sink.Ignore<NotUsed>(), _materializer).ConfigureAwait(false);
        return total;
    }

    public override string ToString() => $"{Status} (stream {StreamId})";
}
