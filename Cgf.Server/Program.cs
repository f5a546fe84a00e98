using Cgf.Server.Commands;
using Cgf.Server.Export;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Operations;
using Operations.CommandLine;
using Operations.Configuration;
using Operations.Http;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace Cgf.Server;

/// <summary>
/// Every failure is one line on stderr naming what failed and an exit code of <see cref="ExitCode"/> (README "Exit
/// codes"): usage and configuration errors 2, the environment (storage, sockets, files) 3; never a stack trace.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parsed = CgfCommandLine.Parse(args);
        var command = CommandPath(parsed.CommandResult);
        // Help is shown even for a command line with errors ("cdr-file inspect --help" has no FILE).
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpWithExitCodes)
        {
            Console.Error.WriteLine($"{command}: {parsed.Errors[0].Message} (see {command} --help)");
            return ExitCode.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                // Failures below are one line each; the host, not the parser, handles SIGTERM and Ctrl-C (graceful stop).
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (CommandFailure exception)
        {
            return Fail(exception.PointToHelp ? $"{command}: {exception.Message} (see {command} --help)" : $"{command}: {exception.Message}", exception.ExitCode);
        }
        catch (ConfigurationFileException exception)
        {
            return Fail($"{command}: {exception.Message}", ExitCode.Usage);
        }
        catch (OptionsValidationException exception)
        {
            return Fail($"{command}: invalid configuration: {string.Join("; ", exception.Failures)}", ExitCode.Usage);
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // The binder's "Failed to convert configuration value ... to type ..." for a value of the wrong type.
            return Fail($"{command}: invalid configuration: {exception.Message}", ExitCode.Usage);
        }
        catch (HttpEndpointUnavailableException exception)
        {
            return Fail($"{command}: {OneLine(exception.Message)}", ExitCode.Environment);
        }
        catch (ExportRecoveryException exception)
        {
            // The export stopped at a file the operator must look at: its work is not complete.
            return Fail($"{command}: {exception.Message}", ExitCode.NotCompleted);
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(IsEnvironment))
        {
            // Several hosted services failed to start (the host aggregates them): the first names what failed.
            return Fail($"{command}: {OneLine(exception.InnerExceptions[0].Message)}", ExitCode.Environment);
        }
        catch (Exception exception) when (IsEnvironment(exception))
        {
            return Fail($"{command}: {OneLine(exception.Message)}", ExitCode.Environment);
        }
    }

    private static bool IsEnvironment(Exception exception) =>
        exception is SqliteException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or System.Data.Common.DbException;

    private static int Fail(string line, int code)
    {
        Console.Error.WriteLine(line);
        return code;
    }

    /// <summary>SQLite messages may span lines ("SQLite Error 26: 'file is not a database'." is one, others are not).</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"Cgf.Server cdr-file inspect": the words that named the command, for error lines.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var command = result; command.Command is not RootCommand; command = (CommandResult)command.Parent!)
            names.Insert(0, command.Command.Name);
        return string.Join(' ', ["Cgf.Server", .. names]);
    }
}
