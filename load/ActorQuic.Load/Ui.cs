using Spectre.Console;

namespace ActorQuic.Load;

/// <summary>Progress: a Spectre.Console bar on an interactive terminal, plain lines otherwise (logs, CI).</summary>
public static class Ui
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/>, which reports (done, note) as it goes, under a progress bar of <paramref name="total"/> steps.</summary>
    public static async Task<T> RunAsync<T>(string title, int total, Func<Action<int, string>, Task<T>> body)
    {
        if (!Interactive)
        {
            Console.WriteLine($"== {title}");
            int lastPrinted = -1;
            return await body((done, note) =>
            {
                // About ten lines per phase.
                int decile = total <= 0 ? done : done * 10 / total;
                if (decile == lastPrinted && done != total) return;
                lastPrinted = decile;
                Console.WriteLine($"   {title}: {done}/{total} {note}");
            }).ConfigureAwait(false);
        }
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                result = await body((done, note) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape($"{title} {note}");
                }).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>A table on the terminal (Spectre renders plain box characters when the output is redirected).</summary>
    public static void ShowTable(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        // Redirected output gets Spectre's default 80 columns, which wraps every cell of a wide table.
        if (!Interactive) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        var table = new Table().Title(Markup.Escape(title));
        foreach (var header in headers) table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        table.Columns[0].LeftAligned();
        foreach (var row in rows) table.AddRow([.. row.Select(cell => new Markup(Markup.Escape(cell)))]);
        AnsiConsole.Write(table);
    }
}
