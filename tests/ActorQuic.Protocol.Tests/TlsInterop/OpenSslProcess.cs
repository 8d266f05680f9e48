using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// One <c>openssl s_server</c> or <c>s_client</c> for a test: started with the given flags, its
/// stdout and stderr captured, its stdin writable, and killed (with its children) on dispose.
/// Every wait is bounded so a stuck peer fails a test instead of hanging the run.
/// </summary>
public sealed class OpenSslProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/openssl";

    /// <summary>Generous: the machine has 2 shared cores and other test runs may be busy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingStreams = 2;

    private OpenSslProcess(Process process, int port, string arguments)
    {
        _process = process;
        Port = port;
        Arguments = arguments;
    }

    public static bool IsAvailable => File.Exists(Executable);

    /// <summary>The loopback TCP port the server listens on or the client connects to.</summary>
    public int Port { get; }

    public string Arguments { get; }

    /// <summary>Everything written to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>openssl s_server -accept 127.0.0.1:PORT</c> on a free port with <paramref name="flags"/>
    /// and waits until it listens (it prints ACCEPT).
    /// </summary>
    public static async Task<OpenSslProcess> StartServerAsync(IEnumerable<string> flags, CancellationToken cancel = default)
    {
        int port = FreeLoopbackPort();
        var server = Start(["s_server", "-accept", $"127.0.0.1:{port}", .. flags], port);
        try
        {
            await server.WaitForOutputAsync("ACCEPT", DefaultTimeout, cancel);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Starts <c>openssl s_client -connect 127.0.0.1:PORT</c> with <paramref name="flags"/>.</summary>
    public static OpenSslProcess StartClient(int port, IEnumerable<string> flags) =>
        Start(["s_client", "-connect", $"127.0.0.1:{port}", .. flags], port);

    /// <summary>Runs an openssl command to completion (e.g. <c>version</c>) and returns its output.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancel = default)
    {
        await using var p = Start(arguments.ToArray(), 0);
        await p.WaitForExitAsync(DefaultTimeout, cancel);
        return p.Output;
    }

    private static OpenSslProcess Start(string[] arguments, int port)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
            info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new OpenSslProcess(process, port, string.Join(' ', arguments));
        process.OutputDataReceived += (_, e) => result.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => result.OnLine(e.Data);
        process.Exited += (_, _) => result.OnExited();
        if (!process.Start())
            throw new InvalidOperationException("could not start " + Executable);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>A port that was free a moment ago; the kernel hands out ephemeral ports round-robin, so reuse is unlikely.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void OnLine(string? line)
    {
        lock (_gate)
        {
            if (line is null)
                _pendingStreams--;
            else
                _output.Append(line).Append('\n');
        }
        _changed.Release();
    }

    private void OnExited() => _exited.TrySetResult();

    /// <summary>Writes a line to the process's stdin (s_client/s_server send it to the peer).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes stdin: s_client without -ign_eof then closes the connection.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until the captured output contains <paramref name="text"/>; fails with the output so far on timeout or exit.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        while (true)
        {
            bool drained;
            lock (_gate)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal))
                    return;
                drained = _pendingStreams <= 0;
            }
            if (drained)
                throw new InvalidOperationException($"openssl exited (code {SafeExitCode()}) before printing \"{text}\". {Describe()}");
            try
            {
                await _changed.WaitAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"openssl did not print \"{text}\" within {timeout.TotalSeconds:0} s. {Describe()}");
            }
        }
    }

    /// <summary>Waits for the process to exit and its output to be drained.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"openssl did not exit within {timeout.TotalSeconds:0} s. {Describe()}");
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    private string SafeExitCode() => _process.HasExited ? _process.ExitCode.ToString() : "?";

    public string Describe() => $"Command: openssl {Arguments}\nOutput:\n{Output}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timer.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone or never started; nothing left to clean up.
        }
        _process.Dispose();
        _changed.Dispose();
    }
}
