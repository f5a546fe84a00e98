using Cdf.Client.Delivery;
using Cdf.Tool.Diagnostics;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cdf.Tool.Commands;

/// <summary>Progress of a long send: a Spectre.Console bar on a terminal, one log line per second otherwise.</summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    public ProgressReporter(CdfClient client, bool enabled, long total, ILogger logger)
    {
        if (!enabled)
        {
            _task = Task.CompletedTask;
            return;
        }
        _task = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected
            ? RunBarAsync(client, total, _stop.Token)
            : RunLinesAsync(client, total, logger, _stop.Token);
    }

    private static Task RunBarAsync(CdfClient client, long total, CancellationToken stop) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("acknowledged", maxValue: Math.Max(total, 1));
                while (!stop.IsCancellationRequested)
                {
                    var statistics = client.Statistics;
                    task.Value = statistics.AcknowledgedCdrs;
                    task.Description = $"acknowledged (in flight {statistics.InFlightRequests}, failovers {statistics.Failovers})";
                    try
                    {
                        await Task.Delay(200, stop);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                task.Value = client.Statistics.AcknowledgedCdrs;
            });

    private static async Task RunLinesAsync(CdfClient client, long total, ILogger logger, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000, stop);
                var s = client.Statistics;
                ToolLog.Progress(logger, s.AcknowledgedCdrs, total, s.QueuedCdrs, s.InFlightRequests, s.UncertainRequests, s.HeldRequests, s.ParkedRequests, s.Failovers);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _task.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
