using Operations;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Cgf.Server.Commands;

/// <summary>The standard help of a command, then the main configuration keys and the exit-code table (on stdout).</summary>
public sealed class CgfHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    /// <summary>The keys an operator sets first; every key is in appsettings.json and the README.</summary>
    public const string ConfigurationText =
        """
        Configuration (section Cgf of the configuration file; Cgf__Key=value in the environment; --Cgf:Key=value here):
          Cgf:NodeId                    node name in CDR file names and CDRs (1-20 characters)
          Cgf:Listen:Address, :Port     GTP' address and port (default :: and 3386); :Udp, :Tcp turn either off
          Cgf:Peers:N                   CDF addresses or CIDR prefixes allowed to send
          Cgf:Storage:Path              SQLite database (its directory must exist)
          Cgf:Storage:MaxDatabaseSize   cap in bytes, 0 = none (past it requests are answered 199)
          Cgf:Export:Directory          where the server writes TS 32.297 files (unset: no export)
          Cgf:Export:MaxCdrs, :MaxBytes, :MaxAge   when a CDR file is closed
          Logging:Console:FormatterName json for one JSON object per log line
        Unknown keys under Cgf stop start-up with the nearest valid key.
        """;

    public override int Invoke(ParseResult parseResult)
    {
        var result = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(ConfigurationText);
        output.WriteLine();
        output.WriteLine(ExitCode.HelpText);
        return result;
    }
}
