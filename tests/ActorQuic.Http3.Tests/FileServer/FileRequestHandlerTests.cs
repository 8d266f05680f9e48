using System.Text;
using ActorQuic.Http3.FileServer;
using static ActorQuic.Http3.Tests.FileServer.FileServerFixture;

namespace ActorQuic.Http3.Tests.FileServer;

public sealed class FileRequestHandlerTests(FileServerFixture fx) : IClassFixture<FileServerFixture>
{
    [Fact]
    public void Get_file_is_200_with_exact_length_type_and_content()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/hello.txt"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("text/plain; charset=utf-8", plan.Header("content-type"));
        Assert.Equal(HelloText.Length.ToString(), plan.Header("content-length"));
        Assert.Equal(HelloText.Length, plan.Response.ContentLength);
        Assert.Equal("bytes", plan.Header("accept-ranges"));
        Assert.NotNull(plan.Header("last-modified"));
        Assert.Null(plan.Header("date"));
        Assert.Equal(FileResponseBodyKind.File, plan.BodyKind);
        Assert.Equal(HelloText, BodyText(plan));
    }

    [Fact]
    public void Binary_file_streams_every_byte_in_chunks()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/data.bin?download=1"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("application/octet-stream", plan.Header("content-type"));
        Assert.Equal(fx.Data, Body(plan));
        Assert.True(plan.File!.IsAsync);
    }

    [Fact]
    public void Head_has_the_same_headers_and_no_body()
    {
        using var get = fx.Handler.Handle(Request("GET", "/data.bin"));
        using var head = fx.Handler.Handle(Request("HEAD", "/data.bin"));
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Response.Headers, head.Response.Headers);
        Assert.Equal(FileResponseBodyKind.None, head.BodyKind);
        Assert.Null(head.File);
        Assert.Equal(0, head.BodyLength);
        Assert.Empty(Body(head));
    }

    [Fact]
    public void Date_header_comes_from_the_passed_now()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var plan = fx.Handler.Handle(Request("GET", "/hello.txt"), now);
        Assert.Equal("Fri, 02 Jan 2026 03:04:05 GMT", plan.Header("date"));
    }

    [Fact]
    public void Missing_file_is_404_with_a_small_body_and_head_gets_none()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/nope.txt"));
        Assert.Equal(404, plan.Status);
        Assert.Equal(FileResponseBodyKind.Buffer, plan.BodyKind);
        Assert.Equal("404 Not Found\n", BodyText(plan));
        Assert.Equal("14", plan.Header("content-length"));

        using var head = fx.Handler.Handle(Request("HEAD", "/nope.txt"));
        Assert.Equal(404, head.Status);
        Assert.Equal(FileResponseBodyKind.None, head.BodyKind);
        Assert.Equal("14", head.Header("content-length"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("get")]
    public void Other_methods_are_405_with_allow(string method)
    {
        using var plan = fx.Handler.Handle(Request(method, "/hello.txt"));
        Assert.Equal(405, plan.Status);
        Assert.Equal("GET, HEAD", plan.Header("allow"));
        Assert.Null(plan.File);
    }

    [Fact]
    public void Connect_without_a_path_is_405()
    {
        var connect = new ActorQuic.Http3.Messages.Http3Request("CONNECT", null, "example.com:443", null, [], null);
        using var plan = fx.Handler.Handle(connect);
        Assert.Equal(405, plan.Status);
    }

    [Fact]
    public void Root_listing_is_sorted_directories_first_escaped_and_without_parent_link()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("text/html; charset=utf-8", plan.Header("content-type"));
        string html = BodyText(plan);
        Assert.Equal(Encoding.UTF8.GetByteCount(html).ToString(), plan.Header("content-length"));

        Assert.DoesNotContain("href=\"../\"", html);
        // Escaped text, percent-encoded link.
        Assert.Contains("<a href=\"./a%3Cb%3E%26%22c%27%20d.txt\">a&lt;b&gt;&amp;&quot;c&#39; d.txt</a>", html);
        Assert.DoesNotContain(WeirdName, html);
        Assert.Contains("href=\"./%C3%BCn%C3%AF%20c%C3%B8d%C3%A9.txt\"", html);
        Assert.Contains("href=\"./%252e\"", html);
        // Directories first, each group in ordinal order; symlinks to inside dirs are dirs.
        int a = html.IndexOf("href=\"./a/\"", StringComparison.Ordinal);
        int linkIn = html.IndexOf("href=\"./link-in/\"", StringComparison.Ordinal);
        int sub = html.IndexOf("href=\"./sub/\"", StringComparison.Ordinal);
        int data = html.IndexOf("href=\"./data.bin\"", StringComparison.Ordinal);
        int hello = html.IndexOf("href=\"./hello.txt\"", StringComparison.Ordinal);
        Assert.True(a >= 0 && a < linkIn && linkIn < sub && sub < data && data < hello, html);
        // Hidden entries and links escaping the root are not listed.
        Assert.DoesNotContain(".secret", html);
        Assert.DoesNotContain(".git", html);
        Assert.DoesNotContain("link-out", html);
        Assert.DoesNotContain("link-etc", html);
        Assert.DoesNotContain("link-secret", html);
        Assert.Contains("href=\"./link-hello\"", html);
    }

    [Fact]
    public void Subdirectory_listing_has_a_parent_link()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/sub/"));
        Assert.Equal(200, plan.Status);
        string html = BodyText(plan);
        Assert.Contains("<title>Index of /sub/</title>", html);
        Assert.Contains("<a href=\"../\">../</a>", html);
        Assert.Contains("href=\"./deeper/\"", html);
        Assert.Contains("href=\"./inner.json\"", html);
        Assert.Contains("href=\"./up-hello\"", html);
        Assert.DoesNotContain("rel-secret", html);
    }

    [Fact]
    public void Directory_without_slash_redirects_308_with_the_query_kept()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/sub?x=1"));
        Assert.Equal(308, plan.Status);
        Assert.Equal("/sub/?x=1", plan.Header("location"));

        using var encoded = fx.Handler.Handle(Request("HEAD", "/s%75b/./deeper"));
        Assert.Equal(308, encoded.Status);
        Assert.Equal("/sub/deeper/", encoded.Header("location"));
        Assert.Equal(FileResponseBodyKind.None, encoded.BodyKind);
    }

    [Fact]
    public void Index_html_is_served_for_its_directory()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/withindex/"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("text/html; charset=utf-8", plan.Header("content-type"));
        Assert.Equal("<h1>index</h1>", BodyText(plan));
    }

    [Fact]
    public void Listing_and_index_can_be_switched_off()
    {
        var handler = new FileRequestHandler(fx.Root, new FileServerOptions { IndexFileName = null, EnableDirectoryListing = false });
        using var plan = handler.Handle(Request("GET", "/withindex/"));
        Assert.Equal(404, plan.Status);
    }

    [Fact]
    public void File_with_trailing_slash_is_404()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/hello.txt/"));
        Assert.Equal(404, plan.Status);
    }

    [Fact]
    public void Hidden_files_are_404_unless_enabled()
    {
        using var secret = fx.Handler.Handle(Request("GET", "/.secret"));
        Assert.Equal(404, secret.Status);
        using var inHidden = fx.Handler.Handle(Request("GET", "/.git/config"));
        Assert.Equal(404, inHidden.Status);

        var open = new FileRequestHandler(fx.Root, new FileServerOptions { ServeHiddenFiles = true });
        using var served = open.Handle(Request("GET", "/.git/config"));
        Assert.Equal(200, served.Status);
        Assert.Equal("hidden dir", BodyText(served));
    }

    [Fact]
    public void Fifo_inside_the_root_is_404_and_not_listed()
    {
        Assert.True(fx.HasFifo || !OperatingSystem.IsLinux());
        using var plan = fx.Handler.Handle(Request("GET", "/fifo.txt"));
        Assert.Equal(404, plan.Status);
        Assert.Null(plan.File);
        using var listing = fx.Handler.Handle(Request("GET", "/"));
        Assert.DoesNotContain("fifo", BodyText(listing));
    }

    [Fact]
    public void File_type_distinguishes_regular_directory_and_special()
    {
        Assert.Equal(UnixFileType.Kind.Regular, UnixFileType.Of(Path.Combine(fx.Root, "hello.txt")));
        Assert.Equal(UnixFileType.Kind.Directory, UnixFileType.Of(fx.Root));
        Assert.Equal(UnixFileType.Kind.Other, UnixFileType.Of("/dev/null"));
        Assert.Equal(UnixFileType.Kind.Other, UnixFileType.Of(Path.Combine(fx.Root, "fifo.txt")));
        Assert.Equal(UnixFileType.Kind.Other, UnixFileType.Of(Path.Combine(fx.Root, "link-hello"))); // the link itself
        Assert.Equal(UnixFileType.Kind.Unknown, UnixFileType.Of(Path.Combine(fx.Root, "missing")));
    }

    [Fact]
    public void Empty_file_is_200_with_zero_length_and_nothing_opened()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/empty.txt"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("0", plan.Header("content-length"));
        Assert.Equal(FileResponseBodyKind.None, plan.BodyKind);
    }

    [Fact]
    public void Percent_encoded_names_are_decoded_exactly_once()
    {
        using var unicode = fx.Handler.Handle(Request("GET", "/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9.txt"));
        Assert.Equal(200, unicode.Status);
        Assert.Equal("unicode", BodyText(unicode));
        // %252e decodes once to the literal name "%2e", a real file — not to ".".
        using var literal = fx.Handler.Handle(Request("GET", "/%252e"));
        Assert.Equal(200, literal.Status);
        Assert.Equal("literal percent name", BodyText(literal));
    }

    [Fact]
    public void Handler_built_through_a_symlinked_root_serves_the_same_files()
    {
        var handler = new FileRequestHandler(fx.RootViaLink);
        Assert.Equal(fx.Handler.RealRoot, handler.RealRoot);
        using var plan = handler.Handle(Request("GET", "/link-in/inner.json"));
        Assert.Equal(200, plan.Status);
        Assert.Equal("application/json; charset=utf-8", plan.Header("content-type"));
    }

    [Fact]
    public void Missing_root_is_refused_at_construction()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new FileRequestHandler(Path.Combine(fx.Base, "missing")));
        Assert.Throws<DirectoryNotFoundException>(() => new FileRequestHandler(Path.Combine(fx.Root, "hello.txt")));
    }

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("a.HTM", "text/html; charset=utf-8")]
    [InlineData("s.css", "text/css; charset=utf-8")]
    [InlineData("m.js", "text/javascript; charset=utf-8")]
    [InlineData("m.mjs", "text/javascript; charset=utf-8")]
    [InlineData("d.json", "application/json; charset=utf-8")]
    [InlineData("r.txt", "text/plain; charset=utf-8")]
    [InlineData("i.png", "image/png")]
    [InlineData("i.jpg", "image/jpeg")]
    [InlineData("i.JPEG", "image/jpeg")]
    [InlineData("i.gif", "image/gif")]
    [InlineData("i.svg", "image/svg+xml")]
    [InlineData("i.webp", "image/webp")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("m.wasm", "application/wasm")]
    [InlineData("d.pdf", "application/pdf")]
    [InlineData("x.bin", "application/octet-stream")]
    [InlineData("noext", "application/octet-stream")]
    [InlineData("trailing.", "application/octet-stream")]
    [InlineData("archive.tar.gz", "application/octet-stream")]
    public void Content_type_by_extension(string name, string expected)
    {
        Assert.Equal(expected, ContentTypes.ForFileName(name));
    }
}
