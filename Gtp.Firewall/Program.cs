using Gtp.Firewall.CommandLine;
using Gtp.Firewall.Configuration;
using Operations;
using Operations.CommandLine;
using Operations.Logging;
using System.CommandLine;

ConfigurationOverrides overrides;
try
{
    overrides = ConfigurationOverrides.Split(args, "the firewall", FirewallOptions.SectionName, ConsoleLogging.LoggingSectionName);
}
catch (Operations.Configuration.ConfigurationFileException exception)
{
    Console.Error.WriteLine($"configuration error: {exception.Message}");
    return ExitCode.Usage;
}

// No response files: a word starting with @ is taken as it is.
var parsed = FirewallCommandLine.Create(overrides).Parse(overrides.Remaining, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0 && parsed.Action is not HelpWithExitCodes)
{
    Console.Error.WriteLine($"Gtp.Firewall: {string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')))} (see Gtp.Firewall --help)");
    return ExitCode.Usage;
}
var command = parsed.CommandResult.Command.Name;
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration
    {
        // Failures reach the one-line translation below; run is a host with its own SIGTERM/SIGINT handling (records
        // drained at shutdown), so no termination timeout from the parser either.
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    });
}
catch (Exception exception) when (CommandErrors.Describe(exception, command) is { } failure)
{
    Console.Out.Flush();
    Console.Error.WriteLine(failure.Line);
    return failure.ExitCode;
}
