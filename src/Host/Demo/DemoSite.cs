using ActorQuic.Host.Cli;

namespace ActorQuic.Host.Demo;

/// <summary>
/// The built-in demo site (index.html, a stylesheet, a text file and a few images) that
/// <c>serve</c> uses without <c>--root</c>. It ships as content beside the program (DemoSite/).
/// </summary>
internal static class DemoSite
{
    public const string FolderName = "DemoSite";

    public static string DirectoryPath => Path.Combine(AppContext.BaseDirectory, FolderName);

    public static string Locate()
    {
        string path = DirectoryPath;
        if (!File.Exists(Path.Combine(path, "index.html")))
        {
            throw new UsageException($"the built-in demo site is missing ({path}); pass --root DIR");
        }
        return path;
    }
}
