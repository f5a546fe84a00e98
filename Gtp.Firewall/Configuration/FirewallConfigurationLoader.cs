using Gtp.Firewall.Configuration.Junos;
using Gtp.Firewall.Policies;
using Microsoft.Extensions.Configuration;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Loads the firewall configuration from a JSON file with a <c>Firewall</c> section, or from a Junos
/// <c>set security …</c> file (detected by content: lines starting with "set ") converted to the same JSON.
/// </summary>
public static class FirewallConfigurationLoader
{
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

    public static FirewallOptions LoadOptions(string path)
    {
        var text = File.ReadAllText(path);
        if (IsJunosSetText(text))
        {
            text = ConvertJunos(text, path);
        }
        return BindJson(text, path);
    }

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
        return Bind(root.GetSection(FirewallOptions.SectionName), source);
    }

    public static FirewallOptions Bind(IConfigurationSection section, string source = "(configuration)")
    {
        if (!section.Exists())
        {
            throw new FirewallConfigurationException(FirewallOptions.SectionName, $"section missing in {source}");
        }
        FirewallOptions options;
        try
        {
            options = section.Get<FirewallOptions>() ?? new FirewallOptions();
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
        if (options.Charging.Validate() is { } error)
        {
            throw new FirewallConfigurationException(error.Key, error.Message);
        }
        return options;
    }

    public static FirewallPolicy Load(string path) => FirewallPolicyCompiler.Compile(LoadOptions(path));
}
