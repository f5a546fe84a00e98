using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Validates and compiles a profile's rate limits, APN controls, APN filters and tunnel limit into
/// <see cref="ProfileLimits"/>; the first error throws a <see cref="FirewallConfigurationException"/> naming its key.
/// </summary>
internal static class ProfileLimitsCompiler
{
    public static ProfileLimits Compile(string profileKey, string profileName, GtpProfileOptions options)
    {
        var gsn = options.RateLimit is { } rate ? CompileRate($"{profileKey}:RateLimit", rate) : null;

        var controls = new List<ApnControl>();
        foreach (var (name, control) in options.ApnControls)
        {
            var key = $"{profileKey}:ApnControls:{name}";
            var pattern = ApnPattern.TryParse(control.Apn, out var error) ?? throw new FirewallConfigurationException($"{key}:Apn", error!);
            controls.Add(new ApnControl(name, $"{profileName}/{name}", pattern, CompileRate(key, control)));
        }
        // Most specific APN first, then by name, so a message is counted by one control whatever the JSON order.
        controls = [.. controls.OrderByDescending(c => c.Apn.Specificity).ThenBy(c => c.Name, StringComparer.Ordinal)];

        var rules = new List<ApnFilterRule>();
        for (var i = 0; i < options.ApnFilters.Count; i++)
        {
            rules.Add(CompileFilter($"{profileKey}:ApnFilters:{i}", options.ApnFilters[i], i));
        }

        if (options.TunnelLimit is < 1 or > FirewallOptions.MaxTunnelsLimit)
        {
            throw new FirewallConfigurationException($"{profileKey}:TunnelLimit", $"{options.TunnelLimit} is not 1-{FirewallOptions.MaxTunnelsLimit}");
        }

        return gsn is null && controls.Count == 0 && rules.Count == 0 && options.TunnelLimit is null
            ? ProfileLimits.None
            : new ProfileLimits(gsn, controls, new ApnFilter(rules), options.TunnelLimit ?? 0);
    }

    private static RateLimit CompileRate(string key, RateLimitOptions options)
    {
        if (options.AlarmThreshold is null && options.DropThreshold is null)
        {
            throw new FirewallConfigurationException(key, "needs AlarmThreshold or DropThreshold");
        }
        CheckThreshold($"{key}:AlarmThreshold", options.AlarmThreshold);
        CheckThreshold($"{key}:DropThreshold", options.DropThreshold);
        var types = options.MessageTypes;
        if (types is not null && types.V0.Count + types.V1.Count + types.V2.Count == 0)
        {
            throw new FirewallConfigurationException($"{key}:MessageTypes", "lists no message type (leave it out to count every GTP-C message)");
        }
        return new RateLimit(options.AlarmThreshold ?? 0, options.DropThreshold ?? 0,
            types is null ? null : Types($"{key}:MessageTypes:V0", types.V0),
            types is null ? null : Types($"{key}:MessageTypes:V1", types.V1),
            types is null ? null : Types($"{key}:MessageTypes:V2", types.V2));
    }

    private static void CheckThreshold(string key, int? value)
    {
        if (value is < 1 or > RateLimitOptions.MaxThreshold)
        {
            throw new FirewallConfigurationException(key, $"{value} is not 1-{RateLimitOptions.MaxThreshold}");
        }
    }

    private static List<byte> Types(string key, List<int> types)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] is < 1 or > 255)
            {
                throw new FirewallConfigurationException($"{key}:{i}", $"{types[i]} is not a message type (1-255)");
            }
        }
        return [.. types.Select(t => (byte)t)];
    }

    private static ApnFilterRule CompileFilter(string key, ApnFilterOptions options, int index)
    {
        var apn = ApnPattern.TryParse(options.Apn, out var error) ?? throw new FirewallConfigurationException($"{key}:Apn", error!);
        var imsi = ImsiPrefix.TryParse(options.ImsiPrefix, out error) ?? throw new FirewallConfigurationException($"{key}:ImsiPrefix", error!);
        var action = options.Action?.Trim().ToLowerInvariant() switch
        {
            "pass" => ApnFilterAction.Pass,
            "drop" => ApnFilterAction.Drop,
            "selection" => ApnFilterAction.Selection,
            _ => throw new FirewallConfigurationException($"{key}:Action", $"'{options.Action}' is not pass, drop or selection"),
        };
        var modes = SelectionModes.None;
        for (var i = 0; i < options.SelectionModes.Count; i++)
        {
            modes |= options.SelectionModes[i]?.Trim().ToLowerInvariant() switch
            {
                "ms" => SelectionModes.MsProvided,
                "net" => SelectionModes.NetworkProvided,
                "vrf" => SelectionModes.Verified,
                _ => throw new FirewallConfigurationException($"{key}:SelectionModes:{i}", $"'{options.SelectionModes[i]}' is not ms, net or vrf"),
            };
        }
        if (action == ApnFilterAction.Selection && modes == SelectionModes.None)
        {
            throw new FirewallConfigurationException($"{key}:SelectionModes", "action selection needs at least one of ms, net, vrf");
        }
        if (action != ApnFilterAction.Selection && modes != SelectionModes.None)
        {
            throw new FirewallConfigurationException($"{key}:SelectionModes", $"only action selection takes selection modes, not {options.Action}");
        }
        return new ApnFilterRule(apn, imsi, action, modes, index);
    }
}
