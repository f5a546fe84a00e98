using Microsoft.Extensions.Configuration;
using Operations.Configuration;
using System.Text;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// The configuration <c>replay</c> and <c>run</c> read, in the order of the three programs (docs/firewall-design.md, "Command line"):
/// the file (<c>--config FILE</c>, else <c>./appsettings.json</c>, else the copy beside the program; JSON, or Junos
/// <c>set security …</c> text converted to the same JSON), then environment variables (<c>Firewall__HandoverDefault</c>),
/// then <c>--Firewall:Key=value</c> on the command line.
/// </summary>
public static class FirewallConfigurationSources
{
    /// <summary>The configuration on its own (replay).</summary>
    /// <exception cref="ConfigurationFileException">No file, an explicit file that does not exist, unreadable or malformed JSON.</exception>
    /// <exception cref="FirewallConfigurationException">A Junos file that does not convert, or no <c>Firewall</c> section.</exception>
    public static IConfigurationRoot Build(string? explicitPath, IReadOnlyDictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder().AddFirewallSources(explicitPath, overrides, out var path).Build();
        EnsureSection(configuration, path);
        return configuration;
    }

    /// <summary>
    /// Adds the sources to <paramref name="builder"/> itself (run's host), not as one chained configuration: a chained
    /// one reports an empty value as missing, so <c>"Urls": ""</c> would leave the default in force.
    /// </summary>
    public static IConfigurationBuilder AddFirewallSources(this IConfigurationBuilder builder, string? explicitPath,
        IReadOnlyDictionary<string, string?> overrides, out string path)
    {
        path = ConfigurationFile.Resolve(explicitPath) ?? throw new ConfigurationFileException(
            $"no configuration file: give --config FILE, or put {ConfigurationFile.DefaultName} in the working directory or beside the program");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"{path}: cannot read: {exception.Message}");
        }
        string json;
        if (FirewallConfigurationLoader.IsJunosSetText(text))
        {
            json = FirewallConfigurationLoader.ConvertJunos(text, path);
        }
        else
        {
            // path:line:column for a malformed file, before the JSON provider's own exception.
            ConfigurationFile.CheckJson(path);
            json = text;
        }
        return builder
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);
    }

    /// <exception cref="FirewallConfigurationException">No <c>Firewall</c> section in any source.</exception>
    public static void EnsureSection(IConfiguration configuration, string path)
    {
        if (!configuration.GetSection(FirewallOptions.SectionName).Exists())
            throw new FirewallConfigurationException(FirewallOptions.SectionName, $"section missing in {path}");
    }
}
