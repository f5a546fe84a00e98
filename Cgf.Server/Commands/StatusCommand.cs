using Storage.Cgf;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cgf.Server.Commands;

/// <summary><c>Cgf.Server status [--json]</c>: the database's counts, while the server runs or not.</summary>
public static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static int Run(CommandArguments arguments)
    {
        var options = CommandConfiguration.Load(arguments);
        var path = options.Storage.Path;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"Cgf.Server status: database '{path}' does not exist (set Cgf:Storage:Path)");
            return 1;
        }
        var status = CgfStatusReader.Read(path);
        if (arguments.Flags.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(status, Json));
            return 0;
        }
        Console.WriteLine($"database              {Path.GetFullPath(path)}");
        Console.WriteLine($"restart counter       {status.RestartCounter}");
        Console.WriteLine($"committed CDRs        {status.CommittedCdrs}");
        Console.WriteLine($"pending CDRs          {status.PendingCdrs} (in {status.PendingPackets} packets)");
        Console.WriteLine($"possibly duplicate    {status.PossiblyDuplicateCdrs}");
        Console.WriteLine($"quarantined records   {status.QuarantinedCdrs}");
        Console.WriteLine($"exported CDRs         {status.ExportedCdrs}");
        foreach (var peer in status.Peers)
        {
            var requests = string.Join(", ", peer.Requests.Select(r => $"{r.Key}={r.Value}"));
            Console.WriteLine($"peer {peer.Address,-20} last seen {peer.LastSeen:u}  {requests}");
        }
        return 0;
    }
}
