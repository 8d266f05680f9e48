using System.Diagnostics;

namespace ActorQuic.Interop.Tests;

/// <summary>
/// The built <c>actorquic</c> program (src/Host), run as a child process exactly as scripts run it:
/// <c>dotnet actorquic.dll serve|get ...</c>. Built once (same configuration as this test assembly)
/// when the solution build has not produced it yet.
/// </summary>
public static class ActorQuicProgram
{
    private static readonly Lazy<string> Dll = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Dll.Value;

    /// <summary>Starts <c>actorquic ARGS</c> bounded by <paramref name="lifetimeSeconds"/> (coreutils timeout).</summary>
    public static BoundedProcess Start(int lifetimeSeconds, params string[] args) =>
        new("timeout", [lifetimeSeconds.ToString(), "dotnet", Path, .. args], new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });

    private static string Locate()
    {
        string configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "src", "Host", "ActorQuic.Host.csproj"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"no src/Host above {AppContext.BaseDirectory}");
        string project = System.IO.Path.Combine(dir.FullName, "src", "Host");
        string dll = System.IO.Path.Combine(project, "bin", configuration, "net10.0", "actorquic.dll");
        if (File.Exists(dll)) return dll;
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = build.StandardOutput.ReadToEnd() + build.StandardError.ReadToEnd();
        if (!build.WaitForExit(TimeSpan.FromMinutes(5))) build.Kill(entireProcessTree: true);
        if (!File.Exists(dll)) throw new InvalidOperationException($"building {project} did not produce {dll}:\n{output}");
        return dll;
    }
}
