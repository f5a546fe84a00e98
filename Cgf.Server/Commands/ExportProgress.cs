using Cgf.Server.Diagnostics;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cgf.Server.Commands;

/// <summary>
/// Progress of <c>export</c>: a Spectre.Console bar on stderr when stderr is a terminal; otherwise a log line at most
/// every 5 seconds and at the end. Nothing goes to stdout, which carries the list of files.
/// </summary>
internal static class ExportProgress
{
    private const long LineIntervalMs = 5000;

    /// <summary>Runs <paramref name="work"/>, which reports the CDRs exported so far to the action it is given.</summary>
    public static T Run<T>(long total, ILogger logger, Func<Action<long>, T> work)
    {
        if (Console.IsErrorRedirected)
            return work(LinesEvery(LineIntervalMs, total, logger));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("exporting CDRs", maxValue: Math.Max(total, 1));
                var result = work(done => task.Value = done);
                task.Value = task.MaxValue;
                return result;
            });
    }

    private static Action<long> LinesEvery(long intervalMs, long total, ILogger logger)
    {
        var started = Environment.TickCount64;
        var throttle = new ProgressThrottle(total, intervalMs);
        return done =>
        {
            var now = Environment.TickCount64;
            if (throttle.IsDue(done, now))
                ExportLog.Progress(logger, done, total, done / Math.Max((now - started) / 1000.0, 0.001));
        };
    }
}
