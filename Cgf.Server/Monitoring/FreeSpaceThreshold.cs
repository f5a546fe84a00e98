using System.Globalization;

namespace Cgf.Server.Monitoring;

/// <summary>
/// Cgf:Storage:MinFreeDisk: free space on the database's volume below which the CGF refuses new CDRs (cause 199), as
/// octets (<c>"500000000"</c>) or a percent of the volume (<c>"5%"</c>). Leaving needs 5 % more than the threshold,
/// so a volume at the limit does not flap peers between 199 and Node Alive.
/// </summary>
public readonly record struct FreeSpaceThreshold(long Bytes, double Percent)
{
    private const double LeaveMargin = 1.05;

    public bool IsPercent => Percent > 0;

    /// <summary>Octets or a percent in (0, 100); false with the reason otherwise.</summary>
    public static bool TryParse(string? text, out FreeSpaceThreshold threshold, out string error)
    {
        threshold = default;
        error = "";
        var value = text?.Trim() ?? "";
        if (value.EndsWith('%'))
        {
            if (!double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent is <= 0 or >= 100)
            {
                error = $"'{text}' is not a percent of the volume in (0, 100), e.g. 5%";
                return false;
            }
            threshold = new FreeSpaceThreshold(0, percent);
            return true;
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            error = $"'{text}' is not octets (e.g. 500000000) or a percent of the volume (e.g. 5%)";
            return false;
        }
        threshold = new FreeSpaceThreshold(bytes, 0);
        return true;
    }

    /// <summary>The threshold in octets on a volume of <paramref name="totalBytes"/>.</summary>
    public long BytesOf(long totalBytes) => IsPercent ? (long)(totalBytes * Percent / 100) : Bytes;

    /// <summary>Whether <paramref name="freeBytes"/> free is below the threshold (an unknown volume, total 0, never is).</summary>
    public bool IsBelow(long freeBytes, long totalBytes) => totalBytes > 0 && freeBytes < BytesOf(totalBytes);

    /// <summary>Whether free space is far enough above the threshold to leave the low state.</summary>
    public bool IsClearlyAbove(long freeBytes, long totalBytes) => totalBytes <= 0 || freeBytes >= BytesOf(totalBytes) * LeaveMargin;

    public override string ToString() => IsPercent ? $"{Percent.ToString(CultureInfo.InvariantCulture)}%" : Bytes.ToString(CultureInfo.InvariantCulture);
}
