using Storage.Cgf;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cgf.Server.Commands;

/// <summary><c>Cgf.Server status [--json] [--config FILE] [--Cgf:Storage:Path=cgf.db]</c>: the database's counts, while the server runs or not.</summary>
public static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "print the counts as JSON" };
        var command = new Command("status",
            "Print the database's counts (restart counter, committed, pending, possibly duplicate, quarantined and exported CDRs, " +
            "requests per peer, delivery per destination); reads it read-only, so it works while the server runs")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(json);
        command.SetAction(result => Run(CommandInput.From(result), result.GetValue(json)));
        return command;
    }

    /// <summary>A missing or damaged database, like every storage failure, is an environment error (exit 3).</summary>
    public static int Run(CommandInput input, bool json)
    {
        var options = CommandConfiguration.Bind(CommandConfiguration.Build(input.ConfigFile, input.Overrides));
        var database = options.StorageLocation();
        CgfStorage.Verify(database);
        var status = CgfDatabaseRead.Run(database, () => CgfStorage.ReadStatus(database));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(status, Json));
            return 0;
        }
        Console.WriteLine($"database              {database.Describe()}");
        Console.WriteLine($"restart counter       {status.RestartCounter}");
        Console.WriteLine($"committed CDRs        {status.CommittedCdrs}");
        Console.WriteLine($"pending CDRs          {status.PendingCdrs} (in {status.PendingPackets} packets)");
        Console.WriteLine($"possibly duplicate    {status.PossiblyDuplicateCdrs}");
        Console.WriteLine($"quarantined records   {status.QuarantinedCdrs}");
        Console.WriteLine($"withheld CDRs         {status.WithheldCdrs}");
        Console.WriteLine($"exported CDRs         {status.ExportedCdrs}");
        if (status.Retention is { } retention)
        {
            Console.WriteLine($"oldest stored CDR     {(retention.OldestCdrReceivedAt is { } oldest ? oldest.ToString("u") : "none")}");
            Console.WriteLine($"removed by retention  {retention.CdrsRemoved} CDRs, {retention.QuarantineRemoved} quarantined records");
            Console.WriteLine($"free in database      {retention.FreePages} pages ({retention.FreeBytes} bytes, reused by new rows)");
        }
        foreach (var peer in status.Peers)
        {
            var requests = string.Join(", ", peer.Requests.Select(r => $"{r.Key}={r.Value}"));
            Console.WriteLine($"peer {peer.Address,-20} last seen {peer.LastSeen:u}  {requests}");
        }
        if (status.Delivery is { } delivery)
        {
            Console.WriteLine($"undelivered files     {delivery.UndeliveredFiles}{(delivery.OldestUndelivered is { } oldest ? $" (oldest {oldest:u})" : "")}");
            foreach (var destination in delivery.Destinations)
            {
                var success = destination.LastSuccess is { } at ? $"last success {at:u}" : "never delivered";
                var failing = destination.ConsecutiveFailures > 0 ? $"  {destination.ConsecutiveFailures} failures in a row: {destination.LastError}" : "";
                Console.WriteLine($"delivery {destination.Destination}{(destination.Active ? " (active)" : "")}  {destination.DeliveredFiles} files, {success}{failing}");
            }
        }
        return 0;
    }
}
