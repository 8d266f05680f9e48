using ActorQuic.Http3.FileServer;
using static ActorQuic.Http3.Tests.FileServer.FileServerFixture;

namespace ActorQuic.Http3.Tests.FileServer;

public sealed class RangeRequestTests(FileServerFixture fx) : IClassFixture<FileServerFixture>
{
    private FileResponsePlan Get(string range, string path = "/data.bin") =>
        fx.Handler.Handle(Request("GET", path, ("range", range)));

    [Fact]
    public void First_100_bytes()
    {
        using var plan = Get("bytes=0-99");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 0-99/1000", plan.Header("content-range"));
        Assert.Equal("100", plan.Header("content-length"));
        Assert.Equal(fx.Data[..100], Body(plan));
    }

    [Fact]
    public void Middle_range()
    {
        using var plan = Get("bytes=250-259");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 250-259/1000", plan.Header("content-range"));
        Assert.Equal(fx.Data[250..260], Body(plan));
    }

    [Fact]
    public void Suffix_range()
    {
        using var plan = Get("bytes=-10");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 990-999/1000", plan.Header("content-range"));
        Assert.Equal(fx.Data[990..], Body(plan));
    }

    [Fact]
    public void Suffix_longer_than_the_file_is_the_whole_file_as_206()
    {
        using var plan = Get("bytes=-5000");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 0-999/1000", plan.Header("content-range"));
        Assert.Equal(fx.Data, Body(plan));
    }

    [Fact]
    public void Open_ended_range()
    {
        using var plan = Get("bytes=900-");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 900-999/1000", plan.Header("content-range"));
        Assert.Equal(fx.Data[900..], Body(plan));
    }

    [Fact]
    public void Last_position_past_the_end_is_clamped()
    {
        using var plan = Get("bytes=995-123456789012345678901234567890");
        Assert.Equal(206, plan.Status);
        Assert.Equal("bytes 995-999/1000", plan.Header("content-range"));
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=99999999999999999999999-")]
    public void Past_the_end_is_416_with_the_complete_length(string range)
    {
        using var plan = Get(range);
        Assert.Equal(416, plan.Status);
        Assert.Equal("bytes */1000", plan.Header("content-range"));
        Assert.Null(plan.File);
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=")]
    [InlineData("bytes=-")]
    [InlineData("bytes= x-")]
    [InlineData("items=0-5")]
    [InlineData("0-5")]
    [InlineData("bytes=0-1,5-9")] // several ranges: the whole representation (documented choice)
    public void Malformed_or_multiple_ranges_are_ignored(string range)
    {
        using var plan = Get(range);
        Assert.Equal(200, plan.Status);
        Assert.Null(plan.Header("content-range"));
        Assert.Equal(fx.Data, Body(plan));
    }

    [Fact]
    public void Head_ignores_range()
    {
        using var plan = fx.Handler.Handle(Request("HEAD", "/data.bin", ("range", "bytes=0-9")));
        Assert.Equal(200, plan.Status);
        Assert.Equal("1000", plan.Header("content-length"));
    }

    [Fact]
    public void If_range_with_a_different_date_sends_everything()
    {
        using var stale = fx.Handler.Handle(Request("GET", "/data.bin", ("range", "bytes=0-9"), ("if-range", "Thu, 01 Jan 1970 00:00:00 GMT")));
        Assert.Equal(200, stale.Status);

        string lastModified;
        using (var probe = fx.Handler.Handle(Request("HEAD", "/data.bin"))) lastModified = probe.Header("last-modified")!;
        using var fresh = fx.Handler.Handle(Request("GET", "/data.bin", ("range", "bytes=0-9"), ("if-range", lastModified)));
        Assert.Equal(206, fresh.Status);
    }

    [Fact]
    public void Sparse_100_MB_file_is_a_stream_slice_never_a_buffer()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/sparse.bin"));
        Assert.Equal(200, plan.Status);
        Assert.Equal(SparseLength.ToString(), plan.Header("content-length"));
        Assert.Equal(FileResponseBodyKind.File, plan.BodyKind);
        Assert.True(plan.Buffer.IsEmpty);
        Assert.NotNull(plan.File);
        Assert.Equal(0, plan.FileOffset);
        Assert.Equal(SparseLength, plan.BodyLength);
        Assert.Equal(0, plan.File!.Position); // nothing read yet

        using var tail = Get("bytes=-100", "/sparse.bin");
        Assert.Equal(206, tail.Status);
        Assert.Equal(SparseLength - 100, tail.FileOffset);
        Assert.Equal(100, tail.BodyLength);
        Assert.Equal(new byte[100], Body(tail));
        Assert.Equal($"bytes {SparseLength - 100}-{SparseLength - 1}/{SparseLength}", tail.Header("content-range"));
    }

    [Fact]
    public void Range_on_an_empty_file_is_416()
    {
        using var plan = Get("bytes=0-", "/empty.txt");
        Assert.Equal(416, plan.Status);
        Assert.Equal("bytes */0", plan.Header("content-range"));
    }
}
