using System.Globalization;

namespace Cdf.Tool.Commands;

/// <summary>Durations as an operator writes them: <c>500ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c>, or <c>hh:mm:ss</c>.</summary>
internal static class Duration
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>The positive duration <paramref name="text"/> stands for; false for anything else.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration))
                return false;
            return duration > TimeSpan.Zero;
        }
        // Longest suffix first: "ms" before "m" and "s".
        foreach (var (suffix, seconds) in Units.OrderByDescending(u => u.Suffix.Length))
        {
            if (!trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                continue;
            if (!double.TryParse(trimmed[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value * seconds) || value * seconds > TimeSpan.MaxValue.TotalSeconds)
                return false;
            duration = TimeSpan.FromSeconds(value * seconds);
            return duration > TimeSpan.Zero;
        }
        return false;
    }
}
