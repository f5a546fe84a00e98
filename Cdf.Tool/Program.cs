using Cdf.Tool.Commands;
using Microsoft.Data.Sqlite;
using System.CommandLine;
using System.Net.Sockets;

namespace Cdf.Tool;

/// <summary>The <c>cdf</c> command-line tool: send, resume and load-test CDR delivery over GTP'.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("cdf: the CDF side of GTP' (TS 32.295): exactly-once CDR delivery to a CGF pool");
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // Exit 1 means "parked requests" for cdf send; argument errors get 2.
                foreach (var error in parsed.Errors)
                    Console.Error.WriteLine($"cdf: {error.Message}");
                Console.Error.WriteLine("cdf: see cdf --help");
                return 2;
            }
            // Without System.CommandLine's own handler, a failure inside a command reaches the one-line catch below.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        // Start-up failures are one line naming what is wrong, never a stack trace.
        catch (Exception exception) when (exception is SocketException or SqliteException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cdf: {exception.Message}");
            return 2;
        }
    }
}
