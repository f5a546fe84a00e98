using Cgf.Server.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using System.Net.Sockets;

namespace Cgf.Server;

public static class Program
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--json", "--help", "-h" };
    /// <summary>Command options that take a value (<c>--out DIR</c>), as opposed to configuration overrides.</summary>
    private static readonly HashSet<string> Options = new([.. ExportCommand.OptionNames, .. CdrsCommand.OptionNames], StringComparer.Ordinal);

    public static async Task<int> Main(string[] args)
    {
        var arguments = CommandArguments.Parse(args, Flags, Options);
        if (arguments.Flags.Contains("--help") || arguments.Flags.Contains("-h"))
        {
            PrintUsage();
            return 0;
        }
        try
        {
            return arguments.Command switch
            {
                null or "run" => await ServerCommand.RunAsync(arguments),
                "status" => StatusCommand.Run(arguments),
                "export" => ExportCommand.Run(arguments),
                "cdrs" => CdrsCommand.Run(arguments),
                "cdr-file" => CdrFileCommand.Run(arguments),
                _ => Unknown(arguments.Command),
            };
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

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"Cgf.Server: unknown command '{command}'");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine("""
            usage: Cgf.Server [run] [--Cgf:Key=value ...]      run the CGF (GTP' on UDP/TCP, default port 3386)
                   Cgf.Server status [--json] [--Cgf:Storage:Path=cgf.db]
                   Cgf.Server export --out DIR [--max-cdrs N] [--max-bytes B]   write committed CDRs to TS 32.297 files
                   Cgf.Server cdrs [--imsi X] [--charging-id N] [--from T --to T]
                                   [--status committed|pending|exported|quarantined] [--limit N] [--json]
                   Cgf.Server cdr-file inspect FILE [--json]   decode a TS 32.297 CDR file
            """);
    }
}
