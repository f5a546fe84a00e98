using Microsoft.Extensions.Configuration;
using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace Operations.Configuration;

/// <summary>
/// The keys an options type accepts under its section, as the configuration binder reads them (property names without
/// case, <see cref="ConfigurationKeyNameAttribute"/>, dictionaries with any key, lists by index). The binder silently
/// ignores any other key, so a typo (<c>HandoverDefualt</c>) would leave a default in force: <see cref="FindUnknown"/>
/// names such keys so start-up can refuse them.
/// </summary>
public sealed class ConfigurationSchema
{
    private readonly Type _root;
    private readonly Dictionary<string, Type> _alsoAt = new(StringComparer.OrdinalIgnoreCase);

    public ConfigurationSchema(Type root) => _root = root;

    public static ConfigurationSchema For<TOptions>() => new(typeof(TOptions));

    /// <summary>The section at <paramref name="relativePath"/> also accepts the keys of <paramref name="type"/> (bound twice).</summary>
    public ConfigurationSchema AlsoAt(string relativePath, Type type)
    {
        _alsoAt[relativePath] = type;
        return this;
    }

    /// <summary>Every key under <paramref name="section"/> that no option reads, with the nearest valid key beside it.</summary>
    public IReadOnlyList<UnknownConfigurationKey> FindUnknown(IConfiguration section)
    {
        var found = new List<UnknownConfigurationKey>();
        var prefix = section is IConfigurationSection s ? s.Path : "";
        Walk(section, [_root], prefix, "", found);
        return found;
    }

    /// <summary>One line naming every unknown key, or null when there is none.</summary>
    public string? Describe(IConfiguration section)
    {
        var unknown = FindUnknown(section);
        return unknown.Count == 0 ? null : string.Join("; ", unknown.Select(u => u.ToString()));
    }

    private void Walk(IConfiguration section, IReadOnlyList<Type> types, string path, string relative, List<UnknownConfigurationKey> found)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return;
        if (_alsoAt.TryGetValue(relative, out var extra))
            types = [.. types, extra];
        if (types.Any(IsSimple))
        {
            foreach (var child in children)
                found.Add(new UnknownConfigurationKey(child.Path, null, $"{path} is a single value"));
            return;
        }
        var element = types.Select(ElementType).FirstOrDefault(e => e is not null);
        if (element is not null)
        {
            foreach (var child in children)
                Walk(child, [element], child.Path, Join(relative, child.Key), found);
            return;
        }
        var properties = types.SelectMany(Properties).ToList();
        foreach (var child in children)
        {
            var matches = properties.Where(p => string.Equals(p.Key, child.Key, StringComparison.OrdinalIgnoreCase)).Select(p => p.Type).ToList();
            if (matches.Count == 0)
            {
                var nearest = Nearest(child.Key, properties.Select(p => p.Key));
                found.Add(new UnknownConfigurationKey(child.Path, nearest is null ? null : Join(path, nearest), null));
                continue;
            }
            Walk(child, matches, child.Path, Join(relative, child.Key), found);
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}:{key}";

    /// <summary>What the binder converts from one string (TypeConverter), so a value with children is a mistake.</summary>
    private static bool IsSimple(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum ||
            TypeDescriptor.GetConverter(underlying).CanConvertFrom(typeof(string));
    }

    /// <summary>The value type of a dictionary or the element type of an array or list; null for an object.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (!candidate.IsGenericType)
                continue;
            var definition = candidate.GetGenericTypeDefinition();
            if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                return candidate.GetGenericArguments()[1];
        }
        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                return candidate.GetGenericArguments()[0];
        }
        return typeof(object);
    }

    /// <summary>Properties the binder can set: a public setter, or a get-only auto-property holding an object it binds into.</summary>
    private static IEnumerable<(string Key, Type Type)> Properties(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
                    continue;
                // Without a public setter the binder can only bind into the object an auto-property holds; a computed
                // property (no backing field) or a simple value is not a setting.
                if (property.SetMethod is not { IsPublic: true } &&
                    (IsSimple(property.PropertyType) || current.GetField($"<{property.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is null))
                    continue;
                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                yield return (name, property.PropertyType);
            }
        }
    }

    /// <summary>The valid key closest to <paramref name="key"/> by edit distance, ignoring case.</summary>
    private static string? Nearest(string key, IEnumerable<string> valid) =>
        valid.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(v => (Key: v, Distance: EditDistance(key.ToUpperInvariant(), v.ToUpperInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                var transposition = i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] ? previous[j - 2] + 1 : int.MaxValue;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), Math.Min(substitution, transposition));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
