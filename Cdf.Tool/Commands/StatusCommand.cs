using Storage.Cdf;
using System.CommandLine;
using System.Text.Json;

namespace Cdf.Tool.Commands;

/// <summary><c>cdf status --state FILE.db [--json]</c>: the outbox counts, while a sender runs or not.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var state = new Option<FileInfo>("--state") { Description = "the outbox SQLite file", Required = true };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("status", "outbox counts: queued, in flight, uncertain, held, parked");
        command.Options.Add(state);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            var status = CdfOutbox.ReadStatus(result.GetValue(state)!.FullName);
            Console.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(status, Json) : status.ToString());
            return status.IsDrained ? 0 : 1;
        });
        return command;
    }
}
