using Cgf.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Operations.Configuration;

namespace Cgf.Server.Commands;

/// <summary>
/// The configuration of the server and of every command, from one set of sources in this order (a later one wins): the
/// configuration file (<c>--config FILE</c>, else <c>./appsettings.json</c>, else the copy beside the program; see
/// <see cref="ConfigurationFile.Resolve"/>), <c>Cgf__Key</c> environment variables, <c>--Cgf:Key=value</c> words, then
/// what the command's own options set. There is no <c>appsettings.{Environment}.json</c>: one file is what an operator
/// edits (docs/cgf-design.md "Configuration").
/// </summary>
public static class CommandConfiguration
{
    /// <summary>Adds the sources above to <paramref name="builder"/>.</summary>
    /// <exception cref="ConfigurationFileException">The explicit file is missing, or the file is not JSON.</exception>
    public static IConfigurationBuilder AddCgfSources(this IConfigurationBuilder builder, string? configFile, string[] configurationArgs,
        IEnumerable<KeyValuePair<string, string?>>? commandOptions = null)
    {
        var file = ConfigurationFile.Resolve(configFile);
        if (file is not null)
        {
            // The provider's own error for a malformed file is a stack trace; this is one line with line and column.
            ConfigurationFile.CheckJson(file);
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }
        return builder
            .AddEnvironmentVariables()
            .AddCommandLine(configurationArgs)
            .AddInMemoryCollection(commandOptions ?? []);
    }

    /// <summary>The configuration of a one-shot command (section Cgf and section Logging).</summary>
    public static IConfigurationRoot Build(string? configFile, string[] configurationArgs, IEnumerable<KeyValuePair<string, string?>>? commandOptions = null) =>
        new ConfigurationBuilder().AddCgfSources(configFile, configurationArgs, commandOptions).Build();

    /// <summary>Binds and validates section Cgf as at server start (an invalid setting or unknown key throws <see cref="OptionsValidationException"/>).</summary>
    public static CgfOptions Bind(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddCgfOptions(configuration.GetSection(CgfOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        // What the host does at start for ValidateOnStart: every validator, all failures in one exception.
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<CgfOptions>>().Value;
    }

    /// <summary>
    /// Binds and validates section Cgf (an invalid setting throws <see cref="OptionsValidationException"/>).
    /// <paramref name="commandOptions"/> are what the command's own options set (<c>--out</c> is Cgf:Export:Directory), over everything else.
    /// </summary>
    public static CgfOptions Load(string[] configurationArgs, IEnumerable<KeyValuePair<string, string?>>? commandOptions = null) =>
        Bind(Build(null, configurationArgs, commandOptions));
}
