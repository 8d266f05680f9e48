using ActorQuic.Http3.Messages;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Messages;

/// <summary>RFC 9114 §4.1 frame order on request streams and the §4.1.2 Content-Length check.</summary>
public class Http3MessageFrameSequenceTests
{
    private const ulong Data = 0x00, Headers = 0x01, PushPromise = 0x05;

    private static Http3MessageFrameSequence Request() => new(Http3MessageDirection.Request);

    private static Http3MessageFrameSequence Response() => new(Http3MessageDirection.Response);

    private static void AssertConnectionError(Http3ErrorCode code, Action action) =>
        Assert.True(AssertH3Error(code, action).IsConnectionError);

    [Fact]
    public void Headers_data_trailers_is_the_full_sequence()
    {
        var seq = Request();
        Assert.Equal(Http3MessagePart.HeaderSection, seq.OnFrame(Headers));
        Assert.Equal(Http3MessagePart.Content, seq.OnFrame(Data));
        Assert.Equal(Http3MessagePart.Content, seq.OnFrame(Data));
        Assert.Equal(Http3MessagePart.TrailerSection, seq.OnFrame(Headers));
        seq.OnEndOfStream();
    }

    [Fact]
    public void Headers_alone_and_headers_then_trailers_are_complete()
    {
        var a = Request();
        a.OnFrame(Headers);
        a.OnEndOfStream();

        var b = Request();
        b.OnFrame(Headers);
        Assert.Equal(Http3MessagePart.TrailerSection, b.OnFrame(Headers));
        b.OnEndOfStream();
        Assert.True(b.HasHeaderSection);
    }

    [Fact]
    public void Unknown_and_reserved_frames_are_ignored_anywhere()
    {
        var seq = Request();
        Assert.Equal(Http3MessagePart.Ignored, seq.OnFrame(0x21));
        seq.OnFrame(Headers);
        Assert.Equal(Http3MessagePart.Ignored, seq.OnFrame(0x40));
        seq.OnFrame(Data);
        Assert.Equal(Http3MessagePart.Ignored, seq.OnFrame(0xface_b00c));
        seq.OnFrame(Headers);
        Assert.Equal(Http3MessagePart.Ignored, seq.OnFrame(0x5f));
        seq.OnEndOfStream();
    }

    [Fact]
    public void Data_before_headers_is_frame_unexpected() =>
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => Request().OnFrame(Data));

    [Fact]
    public void Data_after_trailers_is_frame_unexpected()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.OnFrame(Headers);
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => seq.OnFrame(Data));
    }

    [Fact]
    public void Headers_after_trailers_is_frame_unexpected()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.OnFrame(Data);
        seq.OnFrame(Headers);
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => seq.OnFrame(Headers));
    }

    [Theory]
    [InlineData(0x03UL)] // CANCEL_PUSH
    [InlineData(0x04UL)] // SETTINGS
    [InlineData(0x07UL)] // GOAWAY
    [InlineData(0x0dUL)] // MAX_PUSH_ID
    [InlineData(0x02UL)] // HTTP/2 PRIORITY
    [InlineData(0x09UL)] // HTTP/2 CONTINUATION
    public void Control_and_http2_frames_on_a_request_stream_are_frame_unexpected(ulong type)
    {
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => Request().OnFrame(type));
        var seq = Response();
        seq.OnFrame(Headers);
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => seq.OnFrame(type));
    }

    [Fact]
    public void Push_promise_from_a_client_is_frame_unexpected() =>
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => Request().OnFrame(PushPromise));

    [Fact]
    public void Push_promise_to_a_client_that_never_sent_max_push_id_is_an_id_error() =>
        AssertConnectionError(Http3ErrorCode.IdError, () => Response().OnFrame(PushPromise));

    [Fact]
    public void Interim_responses_precede_the_final_response()
    {
        var seq = Response();
        Assert.Equal(Http3MessagePart.HeaderSection, seq.OnFrame(Headers));
        seq.OnInterimResponse();
        Assert.False(seq.HasHeaderSection);
        Assert.Equal(Http3MessagePart.HeaderSection, seq.OnFrame(Headers));
        seq.OnInterimResponse();
        Assert.Equal(Http3MessagePart.HeaderSection, seq.OnFrame(Headers));
        Assert.Equal(Http3MessagePart.Content, seq.OnFrame(Data));
        Assert.Equal(Http3MessagePart.TrailerSection, seq.OnFrame(Headers));
        seq.OnEndOfStream();
    }

    [Fact]
    public void Data_after_an_interim_response_is_frame_unexpected()
    {
        var seq = Response();
        seq.OnFrame(Headers);
        seq.OnInterimResponse();
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => seq.OnFrame(Data));
    }

    [Fact]
    public void Interim_response_is_refused_for_requests()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        Assert.Throws<InvalidOperationException>(seq.OnInterimResponse);
    }

    [Fact]
    public void Request_stream_ending_before_headers_is_request_incomplete()
    {
        var seq = Request();
        seq.OnFrame(0x21);
        var ex = AssertH3Error(Http3ErrorCode.RequestIncomplete, seq.OnEndOfStream);
        Assert.False(ex.IsConnectionError);
    }

    [Fact]
    public void Response_stream_ending_after_only_interim_responses_is_malformed()
    {
        var seq = Response();
        seq.OnFrame(Headers);
        seq.OnInterimResponse();
        Fields.AssertMalformed(seq.OnEndOfStream);
    }

    [Fact]
    public void Connect_tunnel_allows_only_data_after_the_headers()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.BeginTunnel();
        seq.OnFrame(Data);
        seq.OnFrame(0x21);
        AssertConnectionError(Http3ErrorCode.FrameUnexpected, () => seq.OnFrame(Headers));
    }

    [Fact]
    public void Content_matching_content_length_is_complete()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.SetContentLength(10);
        seq.OnFrame(Data);
        seq.OnContent(4);
        seq.OnFrame(Data);
        seq.OnContent(6);
        seq.OnEndOfStream();
        Assert.Equal(10, seq.ContentReceived);
    }

    [Fact]
    public void Content_short_of_content_length_is_malformed_at_end_of_stream()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.SetContentLength(10);
        seq.OnFrame(Data);
        seq.OnContent(9);
        Fields.AssertMalformed(seq.OnEndOfStream);
    }

    [Fact]
    public void Content_beyond_content_length_is_malformed_as_soon_as_it_arrives()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.SetContentLength(3);
        seq.OnFrame(Data);
        Fields.AssertMalformed(() => seq.OnContent(4));
    }

    [Fact]
    public void Content_already_beyond_a_late_content_length_is_malformed()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.OnFrame(Data);
        seq.OnContent(8); // DATA raced ahead of header decoding
        Fields.AssertMalformed(() => seq.SetContentLength(5));
    }

    [Fact]
    public void Responses_without_content_may_carry_any_content_length_but_no_data()
    {
        var head = Response();
        head.OnFrame(Headers);
        head.SetContentLength(5000, noContent: true);
        head.OnEndOfStream();

        var withData = Response();
        withData.OnFrame(Headers);
        withData.SetContentLength(5000, noContent: true);
        withData.OnFrame(Data);
        Fields.AssertMalformed(() => withData.OnContent(1));
    }

    [Fact]
    public void Without_content_length_any_amount_of_content_is_fine()
    {
        var seq = Request();
        seq.OnFrame(Headers);
        seq.SetContentLength(null);
        seq.OnFrame(Data);
        seq.OnContent(1 << 20);
        seq.OnEndOfStream();
        Assert.Equal(1 << 20, seq.ContentReceived);
    }
}
