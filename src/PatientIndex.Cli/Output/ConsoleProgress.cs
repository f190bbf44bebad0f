using Spectre.Console;

namespace PatientIndex.Cli.Output;

/// <summary>
/// Progress for long runs: a live bar on a terminal, plain timestamped lines when output is
/// redirected (a log file, CI), so logs stay readable.
/// </summary>
public sealed class ConsoleProgress
{
    private ProgressTask? _reading;
    private ProgressTask? _stage;
    private readonly DateTime _start = DateTime.UtcNow;

    public static bool IsTerminal => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    public T Run<T>(long totalBytes, Func<ConsoleProgress, T> work)
    {
        if (!IsTerminal) return work(this);
        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _reading = ctx.AddTask("reading", maxValue: Math.Max(totalBytes, 1));
                _stage = ctx.AddTask("linking", autoStart: false).IsIndeterminate();
                return work(this);
            });
    }

    public void BytesRead(long count)
    {
        if (_reading is not null) _reading.Increment(count);
    }

    public void Stage(string name)
    {
        if (_stage is null) { Console.WriteLine($"[{(DateTime.UtcNow - _start).TotalSeconds,7:0.00}s] {name}"); return; }
        if (_reading is not null) _reading.Value = _reading.MaxValue;
        _stage.StartTask();
        _stage.Description = name;
    }
}
