using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Filtering;

/// <summary>
/// Rate-limits the log lines of the profile features' drops (docs/gtp-firewall.md §8): at most one line per drop
/// reason and source address per second of packet time; the line that follows a quiet stretch carries how many
/// drops of that key were not logged since its previous line. At most <see cref="MaxKeys"/> keys are tracked; when
/// a second brings more, the table starts over (their suppressed counts are lost, the drops are still counted).
/// </summary>
public sealed class DropLogLimiter
{
    public const int MaxKeys = 65_536;

    private readonly Dictionary<(DropReason, IpAddress128), Entry> _keys = new();

    public static bool Applies(DropReason reason) => reason is DropReason.MessageTypeFiltered or DropReason.MessageTooShort
        or DropReason.MessageTooLong or DropReason.SequenceNumberInvalid or DropReason.GtpInGtp or DropReason.EndUserAddressSpoofed
        or DropReason.ApnFiltered or DropReason.SelectionModeDenied or DropReason.GsnTunnelLimit;

    /// <summary>True when this drop gets a line; <paramref name="suppressed"/> is then the drops not logged before it.</summary>
    public bool ShouldLog(DropReason reason, IpAddress128 source, long nowTicks, out long suppressed)
    {
        var second = nowTicks / TimeSpan.TicksPerSecond;
        var key = (reason, source);
        var found = _keys.TryGetValue(key, out var entry);
        if (found && entry.Second == second)
        {
            _keys[key] = entry with { Suppressed = entry.Suppressed + 1 };
            suppressed = 0;
            return false;
        }
        if (!found && _keys.Count >= MaxKeys)
        {
            _keys.Clear();
        }
        suppressed = entry.Suppressed;
        _keys[key] = new Entry(second, 0);
        return true;
    }

    private readonly record struct Entry(long Second, long Suppressed);
}
