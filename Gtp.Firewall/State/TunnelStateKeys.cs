using System.Globalization;

namespace Gtp.Firewall.State;

/// <summary>Producer-state keys of the firewall: one row per tunnel slot ("fw.tunnel:" + 8 hex digits, so key order is slot order).</summary>
public static class TunnelStateKeys
{
    public const string Prefix = "fw.tunnel:";

    public static string Of(int slot) => Prefix + slot.ToString("x8", CultureInfo.InvariantCulture);

    public static bool TryParse(string key, out int slot)
    {
        slot = -1;
        return key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length == Prefix.Length + 8
            && int.TryParse(key.AsSpan(Prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out slot) && slot >= 0;
    }
}
