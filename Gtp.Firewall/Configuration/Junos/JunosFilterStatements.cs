using System.Globalization;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// The message filter statements (docs/gtp-firewall.md §8 gives the accepted forms). After <c>gtp profile NAME</c>:
/// <code>
/// drop (MESSAGE-NAME | TYPE-NUMBER) (0 | 1 | 2 | all)
/// min-message-length N | max-message-length N
/// message-length version (v0 | v1 | v2 | all) (min-message-length N | max-message-length N)…
/// seq-number-validated | gtp-in-gtp-denied | end-user-address-validated
/// </code>
/// Lengths are range-checked when the converted JSON is validated, which names the JSON key.
/// </summary>
internal static class JunosFilterStatements
{
    public static bool IsProfileOption(string? option) => option is "drop" or "min-message-length" or "max-message-length" or "message-length"
        or "seq-number-validated" or "gtp-in-gtp-denied" or "end-user-address-validated";

    public static string? ApplyProfile(string option, JunosStatementParser.Words s, JunosProfileFilter filter)
    {
        switch (option)
        {
            case "seq-number-validated" when s.AtEnd:
                filter.SequenceNumberValidated = true;
                return null;
            case "gtp-in-gtp-denied" when s.AtEnd:
                filter.GtpInGtpDenied = true;
                return null;
            case "end-user-address-validated" when s.AtEnd:
                filter.EndUserAddressValidated = true;
                return null;
            case "drop":
                return Drop(s, filter);
            case "min-message-length" or "max-message-length":
                return Length(option, s.TakeOne(), [0, 1, 2], filter);
            case "message-length":
                return MessageLength(s, filter);
            default:
                return $"'{option}' takes no value";
        }
    }

    private static string? Drop(JunosStatementParser.Words s, JunosProfileFilter filter)
    {
        var name = s.Next();
        var version = s.TakeOne();
        if (name is null || version is null)
            return "expected 'drop MESSAGE (0 | 1 | 2 | all)'";
        int[]? versions = version switch { "0" => [0], "1" => [1], "2" => [2], "all" => [0, 1, 2], _ => null };
        if (versions is null)
            return $"'{version}' is not a GTP version (0, 1, 2 or all)";
        var any = false;
        foreach (var v in versions)
        {
            var types = JunosMessageNames.Types(name, v);
            if (types is null)
                return $"'{name}' is not a GTP message name or type number (1-255)";
            if (types.Length == 0 && version != "all")
                return $"'{name}' is not a GTPv{v} message";
            filter.Dropped[v].UnionWith(types);
            any |= types.Length > 0;
        }
        return any ? null : $"'{name}' is no GTP message";
    }

    private static string? MessageLength(JunosStatementParser.Words s, JunosProfileFilter filter)
    {
        if (s.Next() != "version")
            return "expected 'message-length version (v0 | v1 | v2 | all) …'";
        int[]? versions = s.Next() switch { "v0" => [0], "v1" => [1], "v2" => [2], "all" => [0, 1, 2], _ => null };
        if (versions is null)
            return "expected a version v0, v1, v2 or all";
        var bounds = 0;
        while (s.Next() is { } bound)
        {
            if (Length(bound, s.Next(), versions, filter) is { } error)
                return error;
            bounds++;
        }
        return bounds > 0 ? null : "expected min-message-length N or max-message-length N";
    }

    private static string? Length(string bound, string? value, int[] versions, JunosProfileFilter filter)
    {
        if (bound is not ("min-message-length" or "max-message-length"))
            return $"'{bound}' is not min-message-length or max-message-length";
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            return $"{bound} needs a number of octets, not '{value}'";
        foreach (var v in versions)
        {
            if (bound == "min-message-length")
                filter.MinLength[v] = length;
            else
                filter.MaxLength[v] = length;
        }
        return null;
    }

    /// <summary>Adds the profile's filter keys to <paramref name="profile"/>; nothing when it declared none.</summary>
    public static void Write(JunosProfileFilter filter, JsonObject profile)
    {
        string[] versions = ["V0", "V1", "V2"];
        if (filter.Dropped.Any(d => d.Count > 0))
        {
            var drop = new JsonObject();
            for (var v = 0; v < 3; v++)
            {
                if (filter.Dropped[v].Count > 0)
                    drop[versions[v]] = new JsonArray([.. filter.Dropped[v].Select(t => (JsonNode?)JsonValue.Create(t))]);
            }
            profile[nameof(GtpProfileOptions.DropMessageTypes)] = drop;
        }
        if (Enumerable.Range(0, 3).Any(v => filter.MinLength[v] is not null || filter.MaxLength[v] is not null))
        {
            var lengths = new JsonObject();
            for (var v = 0; v < 3; v++)
            {
                if (filter.MinLength[v] is null && filter.MaxLength[v] is null)
                    continue;
                var range = new JsonObject();
                if (filter.MinLength[v] is { } min)
                    range[nameof(LengthRangeOptions.Min)] = min;
                if (filter.MaxLength[v] is { } max)
                    range[nameof(LengthRangeOptions.Max)] = max;
                lengths[versions[v]] = range;
            }
            profile[nameof(GtpProfileOptions.MessageLength)] = lengths;
        }
        if (filter.SequenceNumberValidated)
            profile[nameof(GtpProfileOptions.SequenceNumberValidated)] = true;
        if (filter.GtpInGtpDenied)
            profile[nameof(GtpProfileOptions.GtpInGtpDenied)] = true;
        if (filter.EndUserAddressValidated)
            profile[nameof(GtpProfileOptions.EndUserAddressValidated)] = true;
    }
}
