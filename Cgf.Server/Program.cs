using Cgf.Server.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Operations;
using Operations.Http;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Sockets;

namespace Cgf.Server;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parsed = CgfCommandLine.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Exit 1 means a runtime failure (no database, damaged file); argument errors get 2.
            var command = CommandPath(parsed.CommandResult);
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"{command}: {error.Message}");
            return 2;
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
        // Start-up failures are one line naming what is wrong, never a stack trace.
        catch (OptionsValidationException exception)
        {
            Console.Error.WriteLine($"Cgf.Server: invalid configuration: {string.Join("; ", exception.Failures)}");
            return 2;
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"Cgf.Server: invalid configuration: {exception.Message}");
            return 2;
        }
        catch (HttpEndpointUnavailableException exception)
        {
            Console.Error.WriteLine($"Cgf.Server: {exception.Message}");
            return ExitCode.Environment;
        }
        catch (SocketException exception)
        {
            Console.Error.WriteLine($"Cgf.Server: cannot listen: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Cgf.Server: {exception.Message}");
            return 1;
        }
    }

    /// <summary>"Cgf.Server cdr-file inspect": the words that named the command, for error lines.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var command = result; command.Command is not RootCommand; command = (CommandResult)command.Parent!)
            names.Insert(0, command.Command.Name);
        return string.Join(' ', ["Cgf.Server", .. names]);
    }
}
