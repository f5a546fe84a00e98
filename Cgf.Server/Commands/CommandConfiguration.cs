using Cgf.Server.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cgf.Server.Commands;

/// <summary>Section Cgf for the one-shot commands: appsettings.json, environment, then the command line.</summary>
public static class CommandConfiguration
{
    public static CgfOptions Load(CommandArguments arguments)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(CommandArguments.ContentRoot())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(arguments.ConfigurationArgs)
            .Build();
        return configuration.GetSection(CgfOptions.SectionName).Get<CgfOptions>() ?? new CgfOptions();
    }
}
