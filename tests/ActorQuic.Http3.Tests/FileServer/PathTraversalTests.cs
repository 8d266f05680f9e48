using System.Text;
using ActorQuic.Http3.FileServer;
using static ActorQuic.Http3.Tests.FileServer.FileServerFixture;

namespace ActorQuic.Http3.Tests.FileServer;

/// <summary>Nothing outside the root is ever served: dot segments, encodings, symlinks.</summary>
public sealed class PathTraversalTests(FileServerFixture fx) : IClassFixture<FileServerFixture>
{
    [Theory]
    // Dot segments above the root: 404, the outside does not exist.
    [InlineData("/../etc/passwd", 404)]
    [InlineData("/..", 404)]
    [InlineData("/%2e%2e/x", 404)]
    [InlineData("/%2E%2E/outside/secret.txt", 404)]
    [InlineData("/.%2e/outside/secret.txt", 404)]
    [InlineData("/a/../../x", 404)]
    [InlineData("/a/../../outside/secret.txt", 404)]
    [InlineData("/sub/deeper/../../../outside/secret.txt", 404)]
    // Encoded separators, NUL, controls, backslashes, bad encodings: 400.
    [InlineData("/%2E%2E%2Fx", 400)]
    [InlineData("/..%2fx", 400)]
    [InlineData("/..%2F..%2Foutside%2Fsecret.txt", 400)]
    [InlineData("/a/%00b", 400)]
    [InlineData("/hello.txt%00.png", 400)]
    [InlineData("/a/%0ab", 400)]
    [InlineData("/..\\outside\\secret.txt", 400)]
    [InlineData("/a\\..\\..\\x", 400)]
    [InlineData("/..%5coutside%5csecret.txt", 400)]
    [InlineData("/..%5Cx", 400)]
    [InlineData("//etc/passwd", 400)]
    [InlineData("/a//b", 400)]
    [InlineData("/%", 400)]
    [InlineData("/%2", 400)]
    [InlineData("/%zz", 400)]
    [InlineData("/%c0%ae%c0%ae/x", 400)] // overlong UTF-8 for '.'
    [InlineData("/%ff", 400)]
    [InlineData("etc/passwd", 400)]
    [InlineData("*", 400)]
    // Double encoding decodes once: "%2e%2e" is a literal (missing) name, not "..".
    [InlineData("/%252e%252e/outside/secret.txt", 404)]
    public void Traversal_attempts_are_refused(string path, int status)
    {
        using var plan = fx.Handler.Handle(Request("GET", path));
        Assert.Equal(status, plan.Status);
        Assert.Null(plan.File);
        Assert.DoesNotContain("SECRET", BodyText(plan));
    }

    [Theory]
    [InlineData("/link-out/secret.txt")]
    [InlineData("/link-out/dir/secret.txt")]
    [InlineData("/link-out/")]
    [InlineData("/link-out")]
    [InlineData("/link-secret")]
    [InlineData("/chain")]
    [InlineData("/sub/rel-secret")]
    [InlineData("/link-in/rel-secret")]
    [InlineData("/link-etc/passwd")]
    [InlineData("/link-etc/hostname")]
    [InlineData("/link-etc/")]
    [InlineData("/loop1")]
    public void Symlinks_leading_outside_the_root_are_404(string path)
    {
        using var plan = fx.Handler.Handle(Request("GET", path));
        Assert.Equal(404, plan.Status);
        Assert.Null(plan.File);
        Assert.Null(plan.ResolvedPath);
    }

    [Theory]
    [InlineData("/link-in/inner.json", "{\"x\":1}")]
    [InlineData("/link-hello", HelloText)]
    [InlineData("/sub/up-hello", HelloText)]
    [InlineData("/link-in/up-hello", HelloText)]
    [InlineData("/sub/../link-in/./inner.json", "{\"x\":1}")]
    public void Symlinks_inside_the_root_are_served(string path, string content)
    {
        using var plan = fx.Handler.Handle(Request("GET", path));
        Assert.Equal(200, plan.Status);
        Assert.Equal(content, BodyText(plan));
        Assert.StartsWith(fx.Handler.RealRoot + "/", plan.ResolvedPath);
    }

    [Fact]
    public void Opened_descriptor_is_checked_by_its_kernel_path()
    {
        // The post-open check relies on /proc/self/fd naming the real file: prove it does here.
        using var plan = fx.Handler.Handle(Request("GET", "/link-in/inner.json"));
        Assert.Equal(Path.Combine(fx.Handler.RealRoot, "sub", "inner.json"), FileRequestHandler.OpenedPath(plan.File!));
        using var outside = File.OpenRead(Path.Combine(fx.Outside, "secret.txt"));
        Assert.Equal(Path.Combine(fx.Outside, "secret.txt"), FileRequestHandler.OpenedPath(outside));
    }

    [Fact]
    public void Symlinked_directory_inside_the_root_is_listed()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/link-in/"));
        Assert.Equal(200, plan.Status);
        Assert.Contains("href=\"./inner.json\"", BodyText(plan));
    }

    [Fact]
    public void Root_with_dot_segments_that_stay_inside_is_served()
    {
        using var plan = fx.Handler.Handle(Request("GET", "/a/../hello.txt"));
        Assert.Equal(200, plan.Status);
        Assert.Equal(HelloText, BodyText(plan));
    }

    /// <summary>
    /// 10,000 paths built from hostile pieces: no exception, no plan pointing outside the root,
    /// no byte of the outside secret in any body — and a fair share of real hits, so the
    /// generator is not just producing garbage the decoder throws away.
    /// </summary>
    [Fact]
    public void Seeded_fuzz_of_random_paths_never_leaves_the_root()
    {
        // Mostly well-formed segment sequences (so many requests reach the file system), with
        // hostile segments and separators mixed in.
        string[] names =
        [
            "a", "sub", "deeper", "hello.txt", "inner.json", "link-in", "link-out", "link-etc", "link-secret",
            "chain", "rel-secret", "up-hello", "link-hello", "outside", "secret.txt", "etc", "passwd", "withindex",
            "index.html", "data.bin", "loop1", ".secret", "%252e", "%2e", "ü", "%C3%BC", "....", "~",
        ];
        string[] hostile =
        [
            "..", "..", "..", ".", "%2e", "%2E", "%2e%2e", ".%2e", "%2e.", "%2f", "%2F", "%5c", "\\", "%00", "%",
            "%zz", "%25", "%c0%ae", "%ff", " ", "..%2f", "%2e%2e%2f", "?", "#", "?x=/../", "",
        ];
        string[] methods = ["GET", "GET", "GET", "HEAD", "POST"];
        var random = new Random(1234);
        string secret = SecretText.Trim();
        int served = 0;
        for (int i = 0; i < 10_000; i++)
        {
            var sb = new StringBuilder(random.Next(20) == 0 ? "" : "/");
            int count = random.Next(1, 7);
            for (int p = 0; p < count; p++)
            {
                if (p > 0) sb.Append(random.Next(15) == 0 ? hostile[random.Next(hostile.Length)] : "/");
                sb.Append(random.Next(3) == 0 ? hostile[random.Next(hostile.Length)] : names[random.Next(names.Length)]);
            }
            if (random.Next(5) == 0) sb.Append('/');
            var headers = random.Next(4) == 0
                ? new[] { ("range", $"bytes={random.Next(-5, 50)}-{random.Next(-5, 50)}") }
                : [];
            string path = sb.ToString();
            using var plan = fx.Handler.Handle(Request(methods[random.Next(methods.Length)], path, headers));
            if (plan.ResolvedPath is { } real)
            {
                Assert.True(real == fx.Handler.RealRoot || real.StartsWith(fx.Handler.RealRoot + "/", StringComparison.Ordinal), path);
                Assert.DoesNotContain("/outside", real[fx.Handler.RealRoot.Length..]);
            }
            if (plan.BodyKind == FileResponseBodyKind.File)
            {
                Assert.NotNull(plan.ResolvedPath);
                Assert.Equal(plan.ResolvedPath, plan.File!.Name);
                served++;
            }
            if (plan.BodyLength < 4096) Assert.DoesNotContain(secret, BodyText(plan));
        }
        Assert.True(served >= 50, $"only {served} files served");
    }
}
