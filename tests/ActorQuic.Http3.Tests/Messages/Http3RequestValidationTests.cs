using ActorQuic.Http3.Messages;
using static ActorQuic.Http3.Tests.Messages.Fields;

namespace ActorQuic.Http3.Tests.Messages;

/// <summary>RFC 9114 §4.2 and §4.3.1, one test per rule.</summary>
public class Http3RequestValidationTests
{
    private static void Malformed(params string[] lines) => AssertMalformed(() => Http3Request.FromFields(Of(lines)));

    [Fact]
    public void A_valid_get_request_is_built()
    {
        var request = Http3Request.FromFields(Request("accept: */*", "user-agent: test", "cookie: a=1", "cookie: b=2"));
        Assert.Equal("GET", request.Method);
        Assert.Equal("https", request.Scheme);
        Assert.Equal("example.com", request.Authority);
        Assert.Equal("/index.html", request.Path);
        Assert.Null(request.ContentLength);
        Assert.False(request.IsConnect);
        Assert.Equal(Of("accept: */*", "user-agent: test", "cookie: a=1", "cookie: b=2"), request.Headers);
    }

    [Fact]
    public void ToFields_puts_pseudo_headers_first_and_round_trips()
    {
        var request = Http3Request.FromFields(Request("accept: */*"));
        var again = Http3Request.FromFields(request.ToFields());
        Assert.Equal(request.ToFields(), again.ToFields());
        Assert.Equal(":method", request.ToFields()[0].Name);
    }

    [Fact]
    public void Missing_method_is_malformed() => Malformed(":scheme: https", ":authority: a", ":path: /");

    [Fact]
    public void Missing_scheme_is_malformed() => Malformed(":method: GET", ":authority: a", ":path: /");

    [Fact]
    public void Missing_path_is_malformed() => Malformed(":method: GET", ":scheme: https", ":authority: a");

    [Theory]
    [InlineData(":method: GET")]
    [InlineData(":scheme: https")]
    [InlineData(":authority: a")]
    [InlineData(":path: /")]
    public void Repeated_pseudo_header_is_malformed(string repeat) => Malformed([.. GetRequest, repeat]);

    [Fact]
    public void Pseudo_header_after_a_regular_field_is_malformed() =>
        Malformed(":method: GET", ":scheme: https", "accept: */*", ":authority: a", ":path: /");

    [Fact]
    public void Unknown_pseudo_header_is_malformed() => Malformed([.. GetRequest[..3], ":protocol: websocket", GetRequest[3]]);

    [Fact]
    public void Response_pseudo_header_in_a_request_is_malformed() => Malformed([.. GetRequest, ":status: 200"]);

    [Fact]
    public void Uppercase_field_name_is_malformed() => Malformed([.. GetRequest, "Accept: */*"]);

    [Theory]
    [InlineData("bad name: x")]
    [InlineData("bad\"name: x")]
    [InlineData("a(b): x")]
    public void Invalid_field_name_character_is_malformed(string line) => Malformed([.. GetRequest, line]);

    [Fact]
    public void Empty_field_name_is_malformed() =>
        AssertMalformed(() => Http3Request.FromFields([.. Request(), new Http3Field("", "x")]));

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u007fb")]
    public void Invalid_field_value_character_is_malformed(string value) =>
        AssertMalformed(() => Http3Request.FromFields([.. Request(), new Http3Field("x-test", value)]));

    [Fact]
    public void Tabs_spaces_and_obs_text_in_values_are_fine()
    {
        var request = Http3Request.FromFields([.. Request(), new Http3Field("x-test", "a \tb\u00e9")]);
        Assert.Equal("a \tb\u00e9", request.Headers[0].Value);
    }

    [Theory]
    [InlineData("connection: close")]
    [InlineData("keep-alive: timeout=5")]
    [InlineData("proxy-connection: keep-alive")]
    [InlineData("transfer-encoding: chunked")]
    [InlineData("upgrade: websocket")]
    public void Connection_specific_field_is_malformed(string line) => Malformed([.. GetRequest, line]);

    [Theory]
    [InlineData("trailers")]
    [InlineData("Trailers")]
    [InlineData(" trailers ")]
    public void TE_trailers_is_allowed_in_a_request(string value)
    {
        var request = Http3Request.FromFields([.. Request(), new Http3Field("te", value)]);
        Assert.Single(request.Headers);
    }

    [Theory]
    [InlineData("te: gzip")]
    [InlineData("te: trailers, gzip")]
    public void TE_other_than_trailers_is_malformed(string line) => Malformed([.. GetRequest, line]);

    [Theory]
    [InlineData("GE T")]
    [InlineData("")]
    [InlineData("G(T")]
    public void Method_that_is_not_a_token_is_malformed(string method) =>
        Malformed($":method: {method}", ":scheme: https", ":authority: a", ":path: /");

    [Theory]
    [InlineData("")]
    [InlineData("1http")]
    [InlineData("ht tp")]
    public void Invalid_scheme_is_malformed(string scheme) =>
        Malformed(":method: GET", $":scheme: {scheme}", ":authority: a", ":path: /");

    [Fact]
    public void Empty_path_for_https_is_malformed() => Malformed(":method: GET", ":scheme: https", ":authority: a", ":path: ");

    [Fact]
    public void Relative_path_for_https_is_malformed() => Malformed(":method: GET", ":scheme: https", ":authority: a", ":path: index.html");

    [Fact]
    public void Asterisk_path_is_only_for_options()
    {
        var options = Http3Request.FromFields(Of(":method: OPTIONS", ":scheme: https", ":authority: a", ":path: *"));
        Assert.Equal("*", options.Path);
        Malformed(":method: GET", ":scheme: https", ":authority: a", ":path: *");
    }

    [Fact]
    public void Other_schemes_may_have_an_empty_path_and_no_authority()
    {
        var request = Http3Request.FromFields(Of(":method: GET", ":scheme: urn", ":path: "));
        Assert.Equal("", request.Path);
        Assert.Null(request.Authority);
    }

    [Fact]
    public void Https_without_authority_or_host_is_malformed() => Malformed(":method: GET", ":scheme: https", ":path: /");

    [Fact]
    public void Https_with_host_instead_of_authority_is_fine()
    {
        var request = Http3Request.FromFields(Of(":method: GET", ":scheme: http", ":path: /", "host: example.com"));
        Assert.Null(request.Authority);
        Assert.Equal("host", request.Headers[0].Name);
    }

    [Fact]
    public void Empty_authority_is_malformed() => Malformed(":method: GET", ":scheme: https", ":authority: ", ":path: /");

    [Fact]
    public void Empty_host_is_malformed() => Malformed(":method: GET", ":scheme: https", ":path: /", "host: ");

    [Fact]
    public void Host_differing_from_authority_is_malformed() => Malformed([.. GetRequest, "host: other.example"]);

    [Fact]
    public void Host_equal_to_authority_is_fine() =>
        Assert.Single(Http3Request.FromFields(Request("host: example.com")).Headers);

    [Fact]
    public void Authority_with_userinfo_is_malformed() => Malformed(":method: GET", ":scheme: https", ":authority: user@example.com", ":path: /");

    [Fact]
    public void Connect_needs_only_method_and_authority()
    {
        var connect = Http3Request.FromFields(Of(":method: CONNECT", ":authority: proxy.example:443"));
        Assert.True(connect.IsConnect);
        Assert.Null(connect.Scheme);
        Assert.Null(connect.Path);
        Assert.Equal("proxy.example:443", connect.Authority);
    }

    [Fact]
    public void Connect_without_authority_is_malformed() => Malformed(":method: CONNECT");

    [Fact]
    public void Connect_with_scheme_or_path_is_malformed()
    {
        Malformed(":method: CONNECT", ":scheme: https", ":authority: a:443");
        Malformed(":method: CONNECT", ":authority: a:443", ":path: /");
    }

    [Fact]
    public void Content_length_is_parsed()
    {
        Assert.Equal(1234L, Http3Request.FromFields(Request("content-length: 1234")).ContentLength);
        Assert.Equal(0L, Http3Request.FromFields(Request("content-length: 0")).ContentLength);
    }

    [Fact]
    public void Identical_repeated_content_length_values_are_one_value()
    {
        Assert.Equal(5L, Http3Request.FromFields(Request("content-length: 5, 5")).ContentLength);
        Assert.Equal(5L, Http3Request.FromFields(Request("content-length: 5", "content-length: 5")).ContentLength);
    }

    [Theory]
    [InlineData("content-length: 5, 6")]
    [InlineData("content-length: -1")]
    [InlineData("content-length: ")]
    [InlineData("content-length: 1e3")]
    [InlineData("content-length: 5,")]
    [InlineData("content-length: 99999999999999999999")]
    public void Invalid_content_length_is_malformed(string line) => Malformed([.. GetRequest, line]);

    [Fact]
    public void Differing_repeated_content_length_fields_are_malformed() =>
        Malformed([.. GetRequest, "content-length: 5", "content-length: 6"]);
}
