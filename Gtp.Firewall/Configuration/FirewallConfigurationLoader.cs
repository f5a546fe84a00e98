using Gtp.Firewall.Policy;
using Microsoft.Extensions.Configuration;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Loads the firewall configuration from a JSON file with a <c>Firewall</c> section, or from a Junos
/// <c>set security …</c> file (detected by content: lines starting with "set ") converted to the same JSON.
/// </summary>
public static class FirewallConfigurationLoader
{
    /// <summary>Converts Junos set text to appsettings-style JSON; supplied by the Junos converter.</summary>
    public static Func<string, string>? JunosConverter { get; set; }

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
            var converter = JunosConverter
                ?? throw new FirewallConfigurationException(path, "Junos set format needs the Junos converter, which is not available in this build");
            text = converter(text);
        }
        return BindJson(text, path);
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
        try
        {
            return section.Get<FirewallOptions>() ?? new FirewallOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new FirewallConfigurationException(FirewallOptions.SectionName, ex.Message);
        }
    }

    public static FirewallPolicy Load(string path) => FirewallPolicyCompiler.Compile(LoadOptions(path));
}
