using Cgf.Server.Configuration;
using Operations.Reload;

namespace Cgf.Server.Reload;

/// <summary>
/// What a validated new configuration changes: the live keys (Cgf:Peers, Cgf:RecommendedNode, Cgf:Export:*) that
/// differ from those running, and the other keys that differ from the start-up values. Those need a restart, which
/// this CGF avoids because it would send Redirection to every active peer (docs/cgf-design.md, "Live reload").
/// </summary>
public sealed record ReloadPlan(IReadOnlyList<string> Applied, IReadOnlyList<string> NeedRestart)
{
    /// <summary>The sections a reload applies, as configuration keys.</summary>
    public static readonly IReadOnlyList<string> LiveSections =
    [
        $"{CgfOptions.SectionName}:{nameof(CgfOptions.Peers)}",
        $"{CgfOptions.SectionName}:{nameof(CgfOptions.RecommendedNode)}",
        $"{CgfOptions.SectionName}:{nameof(CgfOptions.Export)}",
    ];

    /// <param name="started">The options the CGF started with (what every non-live setting still is).</param>
    /// <param name="running">The options the live settings were last taken from.</param>
    /// <param name="proposed">The new, validated options.</param>
    public static ReloadPlan Create(CgfOptions started, CgfOptions running, CgfOptions proposed)
    {
        var next = ConfigurationKeys.Flatten(proposed, CgfOptions.SectionName);
        var applied = ConfigurationKeys.Changed(ConfigurationKeys.Flatten(running, CgfOptions.SectionName), next).Where(IsLive).ToList();
        var needRestart = ConfigurationKeys.Changed(ConfigurationKeys.Flatten(started, CgfOptions.SectionName), next).Where(k => !IsLive(k)).ToList();
        return new ReloadPlan(applied, needRestart);
    }

    public static bool IsLive(string key) => LiveSections.Any(section => ConfigurationKeys.IsUnder(key, section));
}
