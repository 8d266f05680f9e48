using System.Globalization;
using System.Net.Security;
using System.Text;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorQuic.Load;

/// <summary>
/// The hq-interop mapping (HTTP/0.9 over QUIC, as the interop runner uses it): the client opens a
/// bidirectional stream and sends <c>GET /bytes-&lt;n&gt;\r\n</c> + FIN; the server answers with n
/// bytes + FIN. The body repeats one random 64 KiB block so that producing it costs nothing and
/// the numbers measure the transport.
/// </summary>
public static class HqProtocol
{
    public static readonly SslApplicationProtocol Alpn = new("hq-interop"u8.ToArray());
    public const long NotFoundCode = 0x10;
    private const int BlockSize = 64 * 1024;
    private static readonly ByteString Block = MakeBlock();

    public static string PathFor(long size) => "/bytes-" + size.ToString(CultureInfo.InvariantCulture);

    public static long? SizeOf(string request)
    {
        if (!request.StartsWith("GET /bytes-", StringComparison.Ordinal) || !request.EndsWith("\r\n", StringComparison.Ordinal)) return null;
        return long.TryParse(request["GET /bytes-".Length..^2], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    public static IEnumerable<ByteString> Body(long size)
    {
        for (long left = size; left > 0; left -= BlockSize)
            yield return left >= BlockSize ? Block : Block.Slice(0, (int)left);
    }

    /// <summary>Server side of one stream.</summary>
    public static async Task AnswerAsync(Streams.QuicStream stream, IMaterializer materializer)
    {
        if (!stream.CanWrite)
        {
            stream.Abort(Streams.QuicAbortDirection.Read, NotFoundCode);
            return;
        }
        try
        {
            var request = await stream.Incoming.LimitWeighted(4096, b => b.Count)
                .RunAggregate(new StringBuilder(), (text, bytes) => text.Append(bytes.ToString(Encoding.ASCII)), materializer)
                .ConfigureAwait(false);
            if (SizeOf(request.ToString()) is not { } size)
            {
                stream.Abort(Streams.QuicAbortDirection.Write, NotFoundCode);
                return;
            }
            await Source.From(Body(size)).RunWith(stream.Outgoing, materializer).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client went away mid-answer.
            stream.Abort(Streams.QuicAbortDirection.Write, NotFoundCode);
        }
    }

    /// <summary>Client side: GET and count the body's bytes (discarding them).</summary>
    public static async Task<long> GetAsync(Streams.QuicConnection connection, long size, IMaterializer materializer)
    {
        var stream = await connection.OpenBidirectionalStreamAsync().ConfigureAwait(false);
        var sent = Source.Single(ByteString.FromString($"GET {PathFor(size)}\r\n", Encoding.ASCII)).RunWith(stream.Outgoing, materializer);
        long received = await stream.Incoming.RunAggregate(0L, (n, bytes) => n + bytes.Count, materializer).ConfigureAwait(false);
        await sent.ConfigureAwait(false);
        return received;
    }

    private static ByteString MakeBlock()
    {
        var bytes = new byte[BlockSize];
        new Random(4).NextBytes(bytes);
        return ByteString.FromBytes(bytes);
    }
}
