using Cdf.Client.Configuration;
using Cdf.Tool.Commands;
using Microsoft.Extensions.Configuration;
using Operations.CommandLine;
using Operations.Configuration;

namespace Cdf.Tool.Configuration;

/// <summary>
/// The configuration a <c>cdf</c> command starts from: the file of <see cref="ConfigurationFile.Resolve"/> (--config,
/// else ./appsettings.json, else the copy beside the program), then the environment (<c>Cdf__Window</c>), then
/// <c>--Section:Key=value</c> arguments. The command's own options win over all of them (docs/cdf-cli.md).
/// </summary>
internal static class ToolConfiguration
{
    /// <exception cref="CommandFailure">A missing or malformed file, or a key under <c>Cdf</c> that no option reads (exit 2).</exception>
    /// <param name="lookUp">Without --config, look for ./appsettings.json and the copy beside cdf (false: no file then).</param>
    public static IConfigurationRoot Load(string? explicitPath, IReadOnlyDictionary<string, string?> overrides, bool lookUp = true)
    {
        string? path;
        try
        {
            path = explicitPath is null && !lookUp ? null : ConfigurationFile.Resolve(explicitPath);
            if (path is not null)
                ConfigurationFile.CheckJson(path);
        }
        catch (ConfigurationFileException exception)
        {
            throw CommandFailure.Usage(exception.Message);
        }
        var builder = new ConfigurationBuilder();
        if (path is not null)
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        var configuration = builder.AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var unknown = ConfigurationSchema.For<CdfOptions>().Describe(configuration.GetSection(CdfOptions.SectionName));
        if (unknown is not null)
            throw CommandFailure.Usage(unknown);
        return configuration;
    }

    /// <summary>The <c>Cdf</c> section bound to <see cref="CdfOptions"/> (its defaults where the section is silent).</summary>
    /// <exception cref="CommandFailure">A value the binder cannot convert (exit 2, naming the key).</exception>
    public static CdfOptions BindCdf(IConfiguration configuration)
    {
        var options = new CdfOptions();
        try
        {
            configuration.GetSection(CdfOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // "Failed to convert configuration value at 'Cdf:Window' to type 'System.Int32'."
            throw CommandFailure.Usage(exception.Message.TrimEnd('.'));
        }
        return options;
    }
}
