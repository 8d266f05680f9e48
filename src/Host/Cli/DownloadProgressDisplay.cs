using ActorQuic.Host.Hq;
using Spectre.Console;

namespace ActorQuic.Host.Cli;

/// <summary>
/// Progress of <c>get</c>: a Spectre.Console bar per URL when stdout is a terminal, nothing
/// otherwise (scripts read the <c>saved ...</c> lines). hq-interop sends no length, so its bars
/// count bytes and are full when the transfer ends; an h3 content-length sets the bar's maximum.
/// </summary>
internal sealed class DownloadProgressDisplay : IAsyncDisposable
{
    private readonly Dictionary<DownloadTarget, IDownloadProgress> _progress;
    private readonly TaskCompletionSource _finished;
    private readonly Task _display;

    private DownloadProgressDisplay(Dictionary<DownloadTarget, IDownloadProgress> progress, TaskCompletionSource finished, Task display)
    {
        _progress = progress;
        _finished = finished;
        _display = display;
    }

    public static DownloadProgressDisplay Create(HostConsole console, IReadOnlyList<DownloadTarget> targets)
    {
        if (!console.ShowProgress)
        {
            var none = new Dictionary<DownloadTarget, IDownloadProgress>();
            foreach (var t in targets) none[t] = Silent.Instance;
            return new DownloadProgressDisplay(none, new TaskCompletionSource(), Task.CompletedTask);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bars = new Dictionary<DownloadTarget, IDownloadProgress>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                foreach (var t in targets)
                {
                    var bar = context.AddTask(t.FileName, maxValue: double.MaxValue);
                    bar.IsIndeterminate = true;
                    bars[t] = new Bar(bar);
                }
                ready.SetResult();
                await finished.Task.ConfigureAwait(false);
            });
        // The bars exist before any transfer starts reporting into them.
        ready.Task.Wait(TimeSpan.FromSeconds(5));
        return new DownloadProgressDisplay(bars, finished, task);
    }

    public IDownloadProgress For(DownloadTarget target) => _progress.TryGetValue(target, out var p) ? p : Silent.Instance;

    public async ValueTask DisposeAsync()
    {
        _finished.TrySetResult();
        await _display.ConfigureAwait(false);
    }

    private sealed class Silent : IDownloadProgress
    {
        public static readonly Silent Instance = new();
        public void Received(long bytes) { }
        public void Finished(bool success) { }
    }

    private sealed class Bar(ProgressTask task) : IDownloadProgress
    {
        public void Expected(long bytes)
        {
            task.MaxValue = Math.Max(bytes, 1);
            task.IsIndeterminate = false;
        }

        public void Received(long bytes) => task.Increment(bytes);

        public void Finished(bool success)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(task.Value, 1);
            if (success) task.Value = task.MaxValue;
            task.Description = success ? task.Description : task.Description + " (failed)";
            task.StopTask();
        }
    }
}
