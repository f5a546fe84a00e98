using Cgf.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Commands;

/// <summary>Section Cgf for the one-shot commands: appsettings.json, environment, then the command line; validated as at server start.</summary>
public static class CommandConfiguration
{
    /// <summary>
    /// Binds and validates section Cgf (an invalid setting throws <see cref="OptionsValidationException"/>).
    /// <paramref name="commandOptions"/> are what the command's own options set (<c>--out</c> is Cgf:Export:Directory), over everything else.
    /// </summary>
    public static CgfOptions Load(string[] configurationArgs, IEnumerable<KeyValuePair<string, string?>>? commandOptions = null)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(ContentRoot())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configurationArgs)
            .AddInMemoryCollection(commandOptions ?? [])
            .Build();
        var services = new ServiceCollection().AddCgfOptions(configuration.GetSection(CgfOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        // What the host does at start for ValidateOnStart: every validator, all failures in one exception.
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<CgfOptions>>().Value;
    }

    /// <summary>Where appsettings.json is read from: the working directory when it has one, else beside the program.</summary>
    public static string ContentRoot() =>
        File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json")) ? Environment.CurrentDirectory : AppContext.BaseDirectory;
}
