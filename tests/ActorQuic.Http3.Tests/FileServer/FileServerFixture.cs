using System.Text;
using ActorQuic.Http3.FileServer;
using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.Tests.FileServer;

/// <summary>
/// A temp directory per test class: <c>root/</c> (what is served) next to <c>outside/</c> (what must
/// never be). Deleted on dispose.
/// </summary>
public sealed class FileServerFixture : IDisposable
{
    public const string HelloText = "Hello, world!\n";
    public const string SecretText = "TOP SECRET outside the root\n";
    public const string WeirdName = "a<b>&\"c' d.txt";
    public const string UnicodeName = "ünï cødé.txt";
    public const long SparseLength = 100L * 1024 * 1024;

    public FileServerFixture()
    {
        Base = Directory.CreateTempSubdirectory("aq-fileserver-").FullName;
        Root = Path.Combine(Base, "root");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Path.Combine(Outside, "dir"));
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), SecretText);
        File.WriteAllText(Path.Combine(Outside, "dir", "secret.txt"), SecretText);

        File.WriteAllText(Path.Combine(Root, "hello.txt"), HelloText);
        Data = new byte[1000];
        for (int i = 0; i < Data.Length; i++) Data[i] = (byte)(i * 7 + 3);
        File.WriteAllBytes(Path.Combine(Root, "data.bin"), Data);
        File.WriteAllText(Path.Combine(Root, "empty.txt"), "");
        File.WriteAllText(Path.Combine(Root, ".secret"), "dotfile");
        File.WriteAllText(Path.Combine(Root, WeirdName), "weird");
        File.WriteAllText(Path.Combine(Root, UnicodeName), "unicode");
        File.WriteAllText(Path.Combine(Root, "page.html"), "<p>hi</p>");
        File.WriteAllText(Path.Combine(Root, "%2e"), "literal percent name");
        Directory.CreateDirectory(Path.Combine(Root, "sub", "deeper"));
        Directory.CreateDirectory(Path.Combine(Root, "a"));
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        File.WriteAllText(Path.Combine(Root, ".git", "config"), "hidden dir");
        File.WriteAllText(Path.Combine(Root, "sub", "inner.json"), "{\"x\":1}");
        Directory.CreateDirectory(Path.Combine(Root, "withindex"));
        File.WriteAllText(Path.Combine(Root, "withindex", "index.html"), "<h1>index</h1>");
        using (var sparse = new FileStream(Path.Combine(Root, "sparse.bin"), FileMode.Create))
        {
            sparse.SetLength(SparseLength);
        }

        // Symlinks inside the root pointing inside: allowed.
        Directory.CreateSymbolicLink(Path.Combine(Root, "link-in"), Path.Combine(Root, "sub"));
        File.CreateSymbolicLink(Path.Combine(Root, "link-hello"), "hello.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "sub", "up-hello"), "../hello.txt");
        // Symlinks pointing outside: refused, absolute or relative, to files or directories.
        Directory.CreateSymbolicLink(Path.Combine(Root, "link-out"), Outside);
        File.CreateSymbolicLink(Path.Combine(Root, "link-secret"), Path.Combine(Outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "sub", "rel-secret"), "../../outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(Root, "link-etc"), "/etc");
        // A chain: inside link → inside link → outside.
        File.CreateSymbolicLink(Path.Combine(Root, "chain"), "link-secret");
        // A loop.
        File.CreateSymbolicLink(Path.Combine(Root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(Root, "loop2"), "loop1");
        // The root reached through a symlink, to construct a handler with.
        RootViaLink = Path.Combine(Base, "root-link");
        Directory.CreateSymbolicLink(RootViaLink, Root);

        // A FIFO inside the root: opening it would block; it must be refused without being opened.
        HasFifo = OperatingSystem.IsLinux() && MkFifo(Path.Combine(Root, "fifo.txt"), 0x1B6) == 0;

        Handler = new FileRequestHandler(Root);
    }

    public bool HasFifo { get; }
    public string Base { get; }
    public string Root { get; }
    public string Outside { get; }
    public string RootViaLink { get; }
    public byte[] Data { get; }
    public FileRequestHandler Handler { get; }

    public static Http3Request Request(string method, string path, params (string Name, string Value)[] headers)
    {
        var fields = new Http3Field[headers.Length];
        for (int i = 0; i < headers.Length; i++) fields[i] = new Http3Field(headers[i].Name, headers[i].Value);
        return new Http3Request(method, "https", "example.com", path, fields, null);
    }

    public static byte[] Body(FileResponsePlan plan)
    {
        using var sink = new MemoryStream();
        long written = plan.WriteBodyToAsync(sink, chunkSize: 97).GetAwaiter().GetResult();
        Assert.Equal(sink.Length, written);
        return sink.ToArray();
    }

    public static string BodyText(FileResponsePlan plan) => Encoding.UTF8.GetString(Body(plan));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MkFifo([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, uint mode);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true); // does not follow symlinks
        }
        catch (IOException)
        {
        }
    }
}
