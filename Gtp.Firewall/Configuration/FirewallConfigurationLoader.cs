using Cdf.Client.Configuration;
using Gtp.Firewall.Configuration.Junos;
using Gtp.Firewall.Policies;
using Microsoft.Extensions.Configuration;
using Operations.Configuration;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Loads the firewall configuration from a JSON file with a <c>Firewall</c> section, or from a Junos
/// <c>set security …</c> file (detected by content: lines starting with "set ") converted to the same JSON.
/// </summary>
public static class FirewallConfigurationLoader
{
    private const string ChargingSectionName = nameof(FirewallOptions.Charging);

    /// <summary>
    /// The keys the binder reads under <c>Firewall</c>; the charging section is bound twice (its own options and the
    /// delivery settings), so it accepts the keys of both.
    /// </summary>
    public static readonly ConfigurationSchema Schema = ConfigurationSchema.For<FirewallOptions>().AlsoAt(ChargingSectionName, typeof(CdfOptions));

    public static bool IsJunosSetText(string text)
    {
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            return line.StartsWith("set ", StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>Reads and binds the file; <see cref="FirewallOptionsValidator"/> validates the result.</summary>
    public static FirewallOptions LoadOptions(string path) => BindJson(ReadJson(path), path);

    /// <summary>Junos <c>set security …</c> text → a JSON document with a <c>Firewall</c> section; the first error names the line.</summary>
    public static string ConvertJunos(string text, string source = "(junos)")
    {
        if (!JunosConfigConverter.ConvertToSection(text, out var json, out var errors))
        {
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
            throw new FirewallConfigurationException(source, $"{errors[0]}{more}");
        }
        return json;
    }

    public static FirewallOptions BindJson(string json, string source = "(json)")
    {
        var options = new FirewallOptions();
        Bind(Section(json, source), options);
        return options;
    }

    /// <summary>The <c>Firewall</c> section of a JSON document; invalid JSON or a missing section throws.</summary>
    public static IConfigurationSection Section(string json, string source = "(json)")
    {
        IConfigurationRoot root;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            root = new ConfigurationBuilder().AddJsonStream(stream).Build();
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new FirewallConfigurationException(source, $"not valid JSON: {ex.Message}");
        }
        var section = root.GetSection(FirewallOptions.SectionName);
        if (!section.Exists())
        {
            throw new FirewallConfigurationException(FirewallOptions.SectionName, $"section missing in {source}");
        }
        return section;
    }

    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/> (also the options pipeline's configure step of
    /// <c>run</c>); a key no option reads or a value that does not convert throws naming the key. Validation is
    /// <see cref="FirewallOptionsValidator"/>'s.
    /// </summary>
    public static void Bind(IConfigurationSection section, FirewallOptions options)
    {
        // The binder ignores unknown keys: a typo such as HandoverDefualt would leave handover at permit.
        var unknown = Schema.FindUnknown(section);
        if (unknown.Count > 0)
        {
            var first = unknown[0];
            var hint = first.Nearest is not null ? $" (did you mean {first.Nearest}?)" : first.Reason is not null ? $" ({first.Reason})" : "";
            var more = unknown.Count > 1 ? $"; and {unknown.Count - 1} more: {string.Join(", ", unknown.Skip(1).Select(u => u.Path))}" : "";
            throw new FirewallConfigurationException(first.Path, $"unknown key{hint}{more}");
        }
        try
        {
            section.Bind(options);
            // The binder silently leaves out a dictionary entry whose value does not convert (a profile with
            // "GtpInGtpDenied": "yes" would vanish): bind such an entry alone, which throws naming the key.
            RebindMissing(section.GetSection(nameof(FirewallOptions.GtpProfiles)), options.GtpProfiles);
            RebindMissing(section.GetSection(nameof(FirewallOptions.Zones)), options.Zones);
            // The delivery settings sit in the charging section itself (Firewall:Charging:Cgfs, not ...:Cdf:Cgfs).
            section.GetSection(ChargingSectionName).Bind(options.Charging.Cdf);
            // "Queue": 3 is the short form of "Queue": { "Number": 3 }.
            var queue = section.GetSection("Queue").Value;
            if (!string.IsNullOrEmpty(queue))
            {
                if (!int.TryParse(queue, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    throw new FirewallConfigurationException("Firewall:Queue", $"'{queue}' is not a queue number");
                }
                options.Queue = new QueueOptions { Number = number };
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new FirewallConfigurationException(FirewallOptions.SectionName, ex.Message);
        }
    }

    private static void RebindMissing<T>(IConfigurationSection section, Dictionary<string, T> bound) where T : new()
    {
        foreach (var entry in section.GetChildren())
        {
            if (!bound.ContainsKey(entry.Key))
            {
                entry.Bind(new T());
            }
        }
    }

    /// <summary>Reads the file (JSON or Junos set text) as the JSON text that <see cref="BindJson"/> takes.</summary>
    public static string ReadJson(string path)
    {
        var text = File.ReadAllText(path);
        return IsJunosSetText(text) ? ConvertJunos(text, path) : text;
    }

    /// <summary>Loads, validates and compiles the policy; the first error throws, naming its key.</summary>
    public static FirewallPolicy Load(string path) => FirewallOptionsValidator.Compile(LoadOptions(path));
}
