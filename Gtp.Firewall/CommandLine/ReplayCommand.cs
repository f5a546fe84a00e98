using Gtp.Firewall.Capture;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Replay;
using Operations;
using Operations.CommandLine;
using Operations.Logging;

namespace Gtp.Firewall.CommandLine;

/// <summary>
/// <c>Gtp.Firewall replay FILE</c>: one verdict line per GTP packet, then the counters. Exit 1 when the capture is
/// damaged after its header (what was read is still judged and summarised) or charging did not drain; a file that is
/// not a capture is 2, one that cannot be read 3.
/// </summary>
internal static class ReplayCommand
{
    public static async Task<int> RunAsync(string capturePath, string? configPath, IReadOnlyDictionary<string, string?> overrides,
        string? jsonPath, TextWriter output, TextWriter errors)
    {
        var configuration = FirewallConfigurationSources.Build(configPath, overrides);
        var options = new FirewallOptions();
        FirewallConfigurationLoader.Bind(configuration.GetSection(FirewallOptions.SectionName), options);
        var policy = FirewallOptionsValidator.Compile(options);
        ChargingPreflight.Check(options.Charging);
        using var reader = OpenCapture(capturePath);

        var log = new SyslogFirewallLog(options.Syslog, output);
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(verbose: false, configuration);
        var charging = UsageCharging.Create(options.Charging, loggerFactory);
        ReplaySummary summary;
        var drained = true;
        try
        {
            var engine = new GtpInspectionEngine(policy, log);
            engine.Tunnels.MaxTunnels = options.MaxTunnels;
            StartCharging(charging);
            var observer = charging?.Attach(engine);
            summary = new CaptureReplayer(engine, output).Replay(reader, capturePath, jsonPath);
            if (charging is not null)
            {
                // End of capture = firewall shutdown: close every live context's record, then deliver.
                observer!.CloseAll();
                drained = await charging.DrainAsync(options.Charging.DrainTimeout).ConfigureAwait(false);
                output.WriteLine(charging.Statistics.Summary() + (drained ? "" : $", not all acknowledged within {options.Charging.DrainTimeout} (kept in {options.Charging.Outbox})"));
            }
        }
        finally
        {
            if (charging is not null)
                await charging.DisposeAsync().ConfigureAwait(false);
            await log.DisposeAsync().ConfigureAwait(false);
        }
        output.Flush();
        if (summary.CaptureError is not null)
        {
            errors.WriteLine($"replay: {capturePath}: damaged at {summary.CaptureError}; {summary.Packets} packets before it were replayed");
            return ExitCode.NotCompleted;
        }
        if (!drained)
        {
            errors.WriteLine($"replay: charging: not all records acknowledged within {options.Charging.DrainTimeout}; the rest stays in {Path.GetFullPath(options.Charging.Outbox)}");
            return ExitCode.NotCompleted;
        }
        return ExitCode.Success;
    }

    /// <summary>A file that is not a capture is the operator's to fix (2); one that cannot be read is the environment (3).</summary>
    private static CaptureReader OpenCapture(string path)
    {
        try
        {
            return CaptureReader.OpenFile(path);
        }
        catch (CaptureFormatException exception)
        {
            throw new CommandFailure(ExitCode.Usage, $"replay: {path}: not a pcap or pcapng capture ({exception.Message})", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailure(ExitCode.Environment, $"replay: {path}: cannot read: {exception.Message}", exception);
        }
    }

    private static void StartCharging(UsageCharging? charging)
    {
        try
        {
            charging?.Start();
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ChargingStartException($"could not start: {exception.Message}", exception);
        }
    }
}
