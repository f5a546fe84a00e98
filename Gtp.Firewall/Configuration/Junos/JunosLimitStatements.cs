using System.Globalization;
using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// The limit statements (docs/gtp-firewall.md gives the accepted forms). After <c>gtp profile NAME</c>:
/// <code>
/// rate-limit N | rate-limit (alarm-threshold | drop-threshold) N
/// limit tunnel N
/// apn PATTERN (imsi-prefix | mcc-mnc) (DIGITS | *) action (pass | drop | selection (ms | net | vrf)…)
/// apn-control NAME
/// </code>
/// and after <c>gtp</c>: <c>apn-control NAME (apn STRING | rate-limit (alarm-threshold | drop-threshold) N)</c>.
/// Values are range-checked when the converted JSON is validated, which names the JSON key.
/// </summary>
internal static class JunosLimitStatements
{
    private const string Unsupported = "unsupported statement";

    public static bool IsProfileOption(string? option) => option is "rate-limit" or "limit" or "apn" or "apn-control";

    public static string? ApplyProfile(string option, JunosStatementParser.Words s, Origin origin, JunosProfileLimits limits)
    {
        switch (option)
        {
            case "rate-limit":
                return RateLimit(s, (alarm, drop) =>
                {
                    limits.RateLimitAlarm = alarm ?? limits.RateLimitAlarm;
                    limits.RateLimitDrop = drop ?? limits.RateLimitDrop;
                }, bareIsDrop: true);

            case "limit":
                if (s.Next() != "tunnel" || Number(s.TakeOne()) is not { } tunnels)
                {
                    return "expected 'limit tunnel N'";
                }
                limits.TunnelLimit = tunnels;
                return null;

            case "apn":
                return ApnRule(s, limits);

            default:
                if (s.TakeOne() is not { } control)
                {
                    return Unsupported;
                }
                if (!limits.ApnControls.Exists(r => r.Name == control))
                {
                    limits.ApnControls.Add(new Reference(control, origin));
                }
                return null;
        }
    }

    public static string? ApplyApnControl(JunosStatementParser.Words s, Origin origin, OrderedDictionary<string, JunosApnControl> controls)
    {
        if (s.Next() is not { } name)
        {
            return Unsupported;
        }
        // Parsed first, so a refused statement declares no control.
        string? apn = null;
        int? alarm = null, drop = null;
        var error = s.Next() switch
        {
            "apn" when s.TakeOne() is { } value => Set(out apn, value),
            "rate-limit" => RateLimit(s, (a, d) => (alarm, drop) = (a, d), bareIsDrop: false),
            _ => Unsupported,
        };
        if (error is not null)
        {
            return error;
        }
        if (!controls.TryGetValue(name, out var control))
        {
            control = new JunosApnControl(origin);
            controls.Add(name, control);
        }
        control.Apn = apn ?? control.Apn;
        control.AlarmThreshold = alarm ?? control.AlarmThreshold;
        control.DropThreshold = drop ?? control.DropThreshold;
        return null;
    }

    private static string? Set(out string? target, string value)
    {
        target = value;
        return null;
    }

    private static string? RateLimit(JunosStatementParser.Words s, Action<int?, int?> set, bool bareIsDrop)
    {
        var word = s.Next();
        switch (word)
        {
            case "alarm-threshold" when Number(s.TakeOne()) is { } alarm:
                set(alarm, null);
                return null;
            case "drop-threshold" when Number(s.TakeOne()) is { } drop:
                set(null, drop);
                return null;
            case "message":
                return "rate-limit message lists are not supported; list the types in the JSON MessageTypes key";
            default:
                if (bareIsDrop && s.AtEnd && Number(word) is { } limit)
                {
                    set(null, limit);
                    return null;
                }
                return "expected 'rate-limit (alarm-threshold | drop-threshold) N'";
        }
    }

    private static string? ApnRule(JunosStatementParser.Words s, JunosProfileLimits limits)
    {
        var apn = s.Next();
        var prefixWord = s.Next();
        var prefix = s.Next();
        if (apn is null || prefixWord is not ("imsi-prefix" or "mcc-mnc") || prefix is null || s.Next() != "action")
        {
            return "expected 'apn PATTERN imsi-prefix (DIGITS | *) action (pass | drop | selection MODE…)'";
        }
        var action = s.Next();
        var modes = new List<string>();
        while (!s.AtEnd)
        {
            modes.Add(s.Next()!);
        }
        var valid = action switch
        {
            "pass" or "drop" => modes.Count == 0,
            "selection" => modes.Count > 0 && modes.TrueForAll(m => m is "ms" or "net" or "vrf"),
            _ => false,
        };
        if (!valid)
        {
            return "expected 'action pass', 'action drop' or 'action selection' with ms, net, vrf";
        }
        var key = $"{apn} {prefix}";
        if (!limits.ApnRules.TryGetValue(key, out var rule))
        {
            rule = new JunosProfileLimits.ApnRule(apn, prefix);
            limits.ApnRules.Add(key, rule);
        }
        if (rule.Action != action)
        {
            rule.SelectionModes.Clear();
        }
        rule.Action = action!;
        foreach (var mode in modes.Where(m => !rule.SelectionModes.Contains(m)))
        {
            rule.SelectionModes.Add(mode);
        }
        return null;
    }

    private static int? Number(string? word)
        => int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
