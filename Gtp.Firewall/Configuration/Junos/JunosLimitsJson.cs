using System.Text.Json.Nodes;
using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>Checks the limit statements' references and writes them as the profile's JSON keys (<see cref="GtpProfileOptions"/>).</summary>
internal static class JunosLimitsJson
{
    public static void Validate(JunosConfigModel model, List<JunosConfigError> errors)
    {
        foreach (var (name, control) in model.ApnControls)
        {
            if (control.Apn is null)
            {
                errors.Add(new JunosConfigError(control.Origin.LineNumber, control.Origin.Statement, $"apn-control '{name}' has no 'apn STRING'"));
            }
        }
        foreach (var (_, profile) in model.GtpProfiles)
        {
            foreach (var control in profile.Limits.ApnControls.Where(c => !model.ApnControls.ContainsKey(c.Name)))
            {
                errors.Add(new JunosConfigError(control.Origin.LineNumber, control.Origin.Statement, $"apn-control '{control.Name}' is not defined"));
            }
        }
    }

    /// <summary>Adds the profile's limit keys to <paramref name="profile"/>; nothing when it declared none.</summary>
    public static void Write(JunosProfileLimits limits, JunosConfigModel model, JsonObject profile)
    {
        if (limits.RateLimitAlarm is not null || limits.RateLimitDrop is not null)
        {
            profile[nameof(GtpProfileOptions.RateLimit)] = Thresholds(limits.RateLimitAlarm, limits.RateLimitDrop);
        }
        if (limits.ApnControls.Count > 0)
        {
            var controls = new JsonObject();
            foreach (var reference in limits.ApnControls)
            {
                var control = model.ApnControls[reference.Name];
                var json = Thresholds(control.AlarmThreshold, control.DropThreshold);
                json.Insert(0, nameof(ApnControlOptions.Apn), control.Apn);
                controls[reference.Name] = json;
            }
            profile[nameof(GtpProfileOptions.ApnControls)] = controls;
        }
        if (limits.ApnRules.Count > 0)
        {
            var rules = new JsonArray();
            foreach (var (_, rule) in limits.ApnRules)
            {
                var json = new JsonObject
                {
                    [nameof(ApnFilterOptions.Apn)] = rule.Apn,
                    [nameof(ApnFilterOptions.ImsiPrefix)] = rule.ImsiPrefix,
                    [nameof(ApnFilterOptions.Action)] = rule.Action,
                };
                if (rule.SelectionModes.Count > 0)
                {
                    json[nameof(ApnFilterOptions.SelectionModes)] = new JsonArray([.. rule.SelectionModes.Select(m => (JsonNode?)JsonValue.Create(m))]);
                }
                rules.Add(json);
            }
            profile[nameof(GtpProfileOptions.ApnFilters)] = rules;
        }
        if (limits.TunnelLimit is { } tunnels)
        {
            profile[nameof(GtpProfileOptions.TunnelLimit)] = tunnels;
        }
    }

    private static JsonObject Thresholds(int? alarm, int? drop)
    {
        var json = new JsonObject();
        if (alarm is not null)
        {
            json[nameof(RateLimitOptions.AlarmThreshold)] = alarm;
        }
        if (drop is not null)
        {
            json[nameof(RateLimitOptions.DropThreshold)] = drop;
        }
        return json;
    }
}
