using ActorQuic.Http3.Messages;
using static ActorQuic.Http3.Tests.Messages.Fields;

namespace ActorQuic.Http3.Tests.Messages;

/// <summary>RFC 9114 §4.2, §4.3.2 and trailer sections, one test per rule.</summary>
public class Http3ResponseValidationTests
{
    private static void Malformed(params string[] lines) => AssertMalformed(() => Http3Response.FromFields(Of(lines)));

    [Fact]
    public void A_valid_response_is_built()
    {
        var response = Http3Response.FromFields(Of(":status: 200", "content-type: text/plain", "content-length: 12"));
        Assert.Equal(200, response.Status);
        Assert.False(response.IsInterim);
        Assert.Equal(12L, response.ContentLength);
        Assert.Equal(Of("content-type: text/plain", "content-length: 12"), response.Headers);
        Assert.Equal(Of(":status: 200", "content-type: text/plain", "content-length: 12"), response.ToFields());
    }

    [Fact]
    public void Interim_responses_are_recognised() => Assert.True(Http3Response.FromFields(Of(":status: 103", "link: </a>")).IsInterim);

    [Fact]
    public void Missing_status_is_malformed() => Malformed("content-type: text/plain");

    [Fact]
    public void Repeated_status_is_malformed() => Malformed(":status: 200", ":status: 200");

    [Theory]
    [InlineData("20")]
    [InlineData("2000")]
    [InlineData("2x0")]
    [InlineData("099")]
    [InlineData("600")]
    [InlineData("")]
    [InlineData("+20")]
    public void Status_that_is_not_three_digits_in_range_is_malformed(string status) => Malformed($":status: {status}");

    [Fact]
    public void Status_101_is_malformed_in_http3() => Malformed(":status: 101");

    [Theory]
    [InlineData(":method: GET")]
    [InlineData(":scheme: https")]
    [InlineData(":authority: a")]
    [InlineData(":path: /")]
    public void Request_pseudo_header_in_a_response_is_malformed(string line) => Malformed(":status: 200", line);

    [Fact]
    public void Unknown_pseudo_header_in_a_response_is_malformed() => Malformed(":status: 200", ":reason: OK");

    [Fact]
    public void Pseudo_header_after_a_regular_field_in_a_response_is_malformed() => Malformed("server: x", ":status: 200");

    [Fact]
    public void Uppercase_name_in_a_response_is_malformed() => Malformed(":status: 200", "Server: x");

    [Fact]
    public void Connection_specific_field_in_a_response_is_malformed() => Malformed(":status: 200", "transfer-encoding: chunked");

    [Fact]
    public void TE_in_a_response_is_malformed() => Malformed(":status: 200", "te: trailers");

    [Fact]
    public void Conflicting_content_length_in_a_response_is_malformed() => Malformed(":status: 200", "content-length: 1, 2");

    [Fact]
    public void Valid_trailers_are_returned()
    {
        Assert.Equal(Of("grpc-status: 0", "x-checksum: abc"), Http3Trailers.FromFields(Of("grpc-status: 0", "x-checksum: abc")));
        Assert.Empty(Http3Trailers.FromFields([]));
    }

    [Theory]
    [InlineData(":status: 200")]
    [InlineData(":method: GET")]
    [InlineData(":path: /")]
    public void Pseudo_header_in_trailers_is_malformed(string line) =>
        AssertMalformed(() => Http3Trailers.FromFields(Of("x-a: 1", line)));

    [Theory]
    [InlineData("X-Checksum: abc")]
    [InlineData("connection: close")]
    [InlineData("te: trailers")]
    public void Trailers_follow_the_field_rules(string line) => AssertMalformed(() => Http3Trailers.FromFields(Of(line)));

    [Fact]
    public void Invalid_value_in_trailers_is_malformed() =>
        AssertMalformed(() => Http3Trailers.FromFields([new Http3Field("x-a", "1\r\n")]));
}
