using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.Tests.Messages;

/// <summary>
/// 50,000 seeded field lists built from valid and hostile pieces: validation either builds a
/// message or throws H3_MESSAGE_ERROR as a stream error, nothing else; accepted messages obey
/// the rules they were checked against.
/// </summary>
public class Http3FieldListFuzzTests
{
    private static readonly string[] Names =
    [
        ":method", ":scheme", ":authority", ":path", ":status", ":protocol", ":", "", "host", "content-length", "te",
        "connection", "upgrade", "accept", "Accept", "x-a", "bad name", "cookie", "transfer-encoding", "x\u00e9",
    ];

    private static readonly string[] Values =
    [
        "GET", "CONNECT", "OPTIONS", "POST", "https", "http", "urn", "example.com", "a@b", "", "/", "*", "/x?y", "200", "101",
        "99", "404", "trailers", "gzip", "5", "5, 5", "5, 6", "-1", "a\r\nb", "\0", " x ", "\t", "99999999999999999999",
    ];

    private static readonly string[] Statuses = ["200", "404", "103", "101", "20", "600"];

    [Fact]
    public void Random_field_lists_are_accepted_or_malformed_never_anything_else()
    {
        var random = new Random(1234);
        int requests = 0, responses = 0, trailers = 0;
        for (int i = 0; i < 50_000; i++)
        {
            var fields = new Http3Field[random.Next(0, 9)];
            for (int f = 0; f < fields.Length; f++)
            {
                // Bias towards well-formed requests so that acceptance paths are exercised too.
                fields[f] = f < Fields.GetRequest.Length && random.Next(3) > 0
                    ? Fields.Of(Fields.GetRequest[f])[0]
                    : new Http3Field(Names[random.Next(Names.Length)], Values[random.Next(Values.Length)]);
            }
            // A quarter start like a response.
            if (fields.Length > 0 && i % 4 == 0) fields[0] = new Http3Field(":status", Statuses[random.Next(Statuses.Length)]);
            if (TryValidate(() => Http3Request.FromFields(fields)) is Http3Request request)
            {
                requests++;
                Assert.DoesNotContain(request.Headers, h => h.IsPseudoHeader || h.Name.Any(char.IsUpper));
                Assert.True(request.IsConnect ? request.Path is null : request.Path is not null);
            }
            if (TryValidate(() => Http3Response.FromFields(fields)) is Http3Response response)
            {
                responses++;
                Assert.InRange(response.Status, 100, 599);
            }
            if (TryValidate(() => Http3Trailers.FromFields(fields)) is Http3Field[] t)
            {
                trailers++;
                Assert.DoesNotContain(t, h => h.IsPseudoHeader);
            }
        }
        Assert.True(requests > 100 && responses > 10 && trailers > 100, $"{requests} {responses} {trailers}");
    }

    private static object? TryValidate(Func<object> validate)
    {
        try
        {
            return validate();
        }
        catch (Http3ProtocolException ex)
        {
            Assert.Equal(Http3ErrorCode.MessageError, ex.ErrorCode);
            Assert.False(ex.IsConnectionError);
            return null;
        }
    }
}
