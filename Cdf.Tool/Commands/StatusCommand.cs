using Cdf.Client.Configuration;
using Cdf.Tool.Configuration;
using Microsoft.Data.Sqlite;
using Operations;
using Operations.CommandLine;
using Storage.Cdf;
using System.CommandLine;
using System.Text.Json;

namespace Cdf.Tool.Commands;

/// <summary>
/// <c>cdf status [--state FILE.db] [--json]</c>: the outbox counts as a table (or JSON), while a sender runs or not.
/// Exit 0 when the outbox is drained, 1 when it still holds work, 3 when the file is missing or not an outbox.
/// </summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var state = new Option<string?>("--state") { Description = "the outbox SQLite file (default: Cdf:StatePath of the configuration)" };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var config = new Option<string?>("--config") { Description = "configuration file whose Cdf:StatePath names the outbox (default: ./appsettings.json, else the copy beside cdf)" };
        var command = new Command("status", "outbox counts: queued, in flight, uncertain, held, parked");
        command.Options.Add(state);
        command.Options.Add(json);
        command.Options.Add(config);
        command.SetAction(result =>
        {
            // Loaded even with --state: a key it cannot read is refused here as on every cdf command.
            var configuration = ToolConfiguration.Load(result.GetValue(config), overrides);
            var path = result.GetValue(state) ?? configuration[$"{CdfOptions.SectionName}:StatePath"]
                ?? throw CommandFailure.Usage("no outbox: give --state FILE (or Cdf:StatePath in the configuration file)");
            var status = Read(path);
            Console.Write(result.GetValue(json) ? JsonSerializer.Serialize(status, Json) + Environment.NewLine : StatusTable.Format(Path.GetFullPath(path), status));
            return status.IsDrained ? ExitCode.Success : ExitCode.NotCompleted;
        });
        return command;
    }

    /// <exception cref="CommandFailure">A missing file, or one that is not a readable outbox (exit 3).</exception>
    private static CdfOutboxStatus Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw CommandFailure.Environment($"--state {full}: no such outbox file");
        try
        {
            return CdfOutbox.ReadStatus(full);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            // A truncated file is "malformed"; another SQLite database has no outbox tables (or no counters).
            throw CommandFailure.Environment($"--state {full}: not a readable CDF outbox: {exception.Message}", exception);
        }
    }
}
