using Operations.CommandLine;
using Storage.Cgf;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cgf.Server.Commands;

/// <summary>
/// <c>Cgf.Server cdrs [--imsi X] [--charging-id N] [--from T --to T] [--status committed|pending|exported|withheld|quarantined] [--json] [--limit N]</c>:
/// stored CDRs by fields decoded from their records (T: ISO 8601; UTC when no offset is given; --to is exclusive).
/// </summary>
public static class CdrsCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        // Values are taken as given and checked by TryParseFilter, so each bad one is named in one line.
        Option<string>[] filters =
        [
            new("--imsi") { HelpName = "X", Description = "served IMSI (1-16 digits)" },
            new("--charging-id") { HelpName = "N", Description = "charging ID (0-4294967295)" },
            new("--from") { HelpName = "T", Description = "record opening time at or after T (ISO 8601, UTC when no offset is given)" },
            new("--to") { HelpName = "T", Description = "record opening time before T (exclusive)" },
            new("--status") { HelpName = "committed|pending|exported|withheld|quarantined", Description = "one status" },
            new("--limit") { HelpName = "N", Description = "most CDRs listed" },
        ];
        var json = new Option<bool>("--json") { Description = "print the CDRs as JSON" };
        var command = new Command("cdrs", "List stored CDRs by fields decoded from their records (summary line on stderr)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var filter in filters)
            command.Options.Add(filter);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            var given = filters.Where(f => result.GetResult(f) is not null).ToDictionary(f => f.Name, f => result.GetValue(f) ?? "", StringComparer.Ordinal);
            return Run(CommandInput.From(result), given, result.GetValue(json));
        });
        return command;
    }

    public static int Run(CommandInput input, IReadOnlyDictionary<string, string> filterOptions, bool json)
    {
        if (!TryParseFilter(filterOptions, out var filter, out var error))
            throw CommandFailure.Usage(error);
        var options = CommandConfiguration.Bind(CommandConfiguration.Build(input.ConfigFile, input.Overrides));
        var database = options.StorageLocation();
        CgfStorage.Verify(database);
        var cdrs = CgfDatabaseRead.Run(database, () => CgfStorage.FindCdrs(database, filter));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(cdrs, Json));
            return 0;
        }
        Console.WriteLine($"{"id",10} {"status",-11} {"pd",-2} {"peer",-16} {"seq",5} {"type",4} {"served IMSI",-16} {"charging ID",11} {"local seq",10} {"opening time (UTC)",-20} {"octets",6} {"served MSISDN",-15} {"RAT",3}");
        foreach (var cdr in cdrs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cdr.Id,10} {cdr.Status,-11} {(cdr.PossiblyDuplicate ? "pd" : ""),-2} {cdr.Peer,-16} {cdr.SequenceNumber,5} {cdr.RecordType,4} {cdr.ServedImsi,-16} {cdr.ChargingId,11} {cdr.LocalSequenceNumber,10} {cdr.RecordOpeningTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {cdr.Length,6} {cdr.ServedMsisdn,-15} {cdr.RatType,3}{(cdr.Problem is { } p ? "  " + p : "")}"));
        }
        Console.Error.WriteLine($"{cdrs.Count} CDRs{(cdrs.Count == filter.Limit ? $" (limit {filter.Limit}; use --limit)" : "")}");
        return 0;
    }

    internal static bool TryParseFilter(IReadOnlyDictionary<string, string> options, out CdrQueryFilter filter, out string error)
    {
        filter = new CdrQueryFilter();
        error = "";
        if (options.TryGetValue("--imsi", out var imsi))
        {
            if (imsi.Length is < 1 or > 16 || !imsi.All(char.IsAsciiDigit))
            {
                error = $"--imsi '{imsi}' is not 1-16 digits";
                return false;
            }
            filter = filter with { ServedImsi = imsi };
        }
        if (options.TryGetValue("--charging-id", out var chargingIdText))
        {
            if (!long.TryParse(chargingIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var chargingId) || chargingId > uint.MaxValue)
            {
                error = $"--charging-id '{chargingIdText}' is not in 0-4294967295";
                return false;
            }
            filter = filter with { ChargingId = chargingId };
        }
        foreach (var (name, isFrom) in new[] { ("--from", true), ("--to", false) })
        {
            if (!options.TryGetValue(name, out var text))
                continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                error = $"{name} '{text}' is not a date and time (e.g. 2026-11-22T08:00:00Z)";
                return false;
            }
            filter = isFrom ? filter with { From = time } : filter with { To = time };
        }
        if (options.TryGetValue("--status", out var status))
        {
            switch (status)
            {
                case "committed":
                    filter = filter with { Status = CdrStatus.Committed };
                    break;
                case "pending":
                    filter = filter with { Status = CdrStatus.Pending };
                    break;
                case "exported":
                    filter = filter with { Status = CdrStatus.Exported };
                    break;
                case "withheld":
                    filter = filter with { Status = CdrStatus.Withheld };
                    break;
                case "quarantined":
                    filter = filter with { Quarantined = true };
                    break;
                default:
                    error = $"--status '{status}' is not committed, pending, exported, withheld or quarantined";
                    return false;
            }
        }
        if (options.TryGetValue("--limit", out var limitText))
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            {
                error = $"--limit '{limitText}' is not a positive number";
                return false;
            }
            filter = filter with { Limit = limit };
        }
        if (filter.Quarantined && (filter.ServedImsi is not null || filter.ChargingId is not null))
        {
            error = "quarantined records are not indexed: --imsi and --charging-id do not apply to --status quarantined";
            return false;
        }
        return true;
    }
}
