namespace Gtp.Firewall.Limits;

/// <summary>
/// APN and IMSI-prefix filtering of Create PDP Context / Create Session requests (docs/gtp-firewall.md, "APN and
/// IMSI-prefix filtering"). Rules are tried most specific first, as Junos does: the more specific APN pattern (exact,
/// then the longer fixed text, <c>*</c> last), then the longer IMSI prefix (<c>*</c> last), then configuration order.
/// The first rule whose APN and IMSI prefix both match decides; with none matching the message passes.
/// </summary>
public sealed class ApnFilter
{
    public static ApnFilter None { get; } = new([]);

    public ApnFilter(IEnumerable<ApnFilterRule> rules)
    {
        Rules = [.. rules.OrderByDescending(r => r.Apn.Specificity).ThenByDescending(r => r.ImsiPrefix.Length).ThenBy(r => r.Index)];
        NeedsSelectionMode = Rules.Any(r => r.Action == ApnFilterAction.Selection);
    }

    /// <summary>The rules in evaluation order.</summary>
    public IReadOnlyList<ApnFilterRule> Rules { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>Whether a rule has action selection (only then is the Selection Mode IE read).</summary>
    public bool NeedsSelectionMode { get; }

    public ApnFilterVerdict Decide(ReadOnlySpan<char> apn, ulong imsi, SelectionMode mode)
    {
        foreach (var rule in Rules)
        {
            if (!rule.Apn.Matches(apn) || !rule.ImsiPrefix.Matches(imsi))
            {
                continue;
            }
            return rule.Action switch
            {
                ApnFilterAction.Pass => new(DropReason.None, rule),
                ApnFilterAction.Drop => new(DropReason.ApnFiltered, rule),
                _ => mode <= SelectionMode.NetworkProvided && (rule.Selection & (SelectionModes)(1 << (int)mode)) != 0
                    ? new(DropReason.None, rule)
                    : new(DropReason.SelectionModeDenied, rule),
            };
        }
        return default;
    }
}
