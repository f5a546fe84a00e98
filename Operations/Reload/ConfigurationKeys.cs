using System.Globalization;
using System.Text.Json;

namespace Operations.Reload;

/// <summary>
/// An options object as configuration keys and values (<c>Cgf:Listen:Port</c> → <c>3386</c>), so a reload can name
/// every setting that differs between two bindings without a hand-written comparison per property.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Every leaf of <paramref name="options"/> under <paramref name="prefix"/>; list items are indexed as in configuration.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(object options, string prefix)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(keys, prefix, JsonSerializer.SerializeToElement(options, options.GetType()));
        return keys;
    }

    /// <summary>The keys whose values differ (or exist on one side only), in key order.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !before.TryGetValue(key, out var a) || !after.TryGetValue(key, out var b) || !string.Equals(a, b, StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>True when <paramref name="key"/> is <paramref name="section"/> or lies under it.</summary>
    public static bool IsUnder(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) ||
        (key.Length > section.Length && key[section.Length] == ':' && key.StartsWith(section, StringComparison.OrdinalIgnoreCase));

    private static void Add(SortedDictionary<string, string> keys, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Add(keys, $"{path}:{property.Name}", property.Value);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Add(keys, $"{path}:{index++.ToString(CultureInfo.InvariantCulture)}", item);
                break;
            case JsonValueKind.Null:
                break;
            default:
                keys[path] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                break;
        }
    }
}
