using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Gtp.Firewall.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Operations;
using Operations.CommandLine;
using Operations.Configuration;
using System.Net.Sockets;

namespace Gtp.Firewall.CommandLine;

/// <summary>
/// The one translation of a failure into an exit code and one stderr line (README "Exit codes"): configuration is the
/// operator's to fix (2), the machine's state — files, the queue, name resolution, sockets — is the environment (3).
/// </summary>
internal static class CommandErrors
{
    /// <summary>The exit code and line for <paramref name="exception"/>, or null for a bug (which keeps its trace).</summary>
    public static (int ExitCode, string Line)? Describe(Exception exception, string command) => exception switch
    {
        CommandFailure failure => (failure.ExitCode, failure.Message),
        ConfigurationFileException or FirewallConfigurationException => (ExitCode.Usage, $"configuration error: {exception.Message}"),
        OptionsValidationException validation => (ExitCode.Usage, $"configuration error: {string.Join("; ", validation.Failures)}"),
        ChargingStartException => (ExitCode.Environment, $"{command}: charging: {exception.Message}"),
        QueueStartException => (ExitCode.Environment, $"{command}: {exception.Message}"),
        FirewallStateException => (ExitCode.Environment, $"{command}: {exception.Message}"),
        IOException or UnauthorizedAccessException or SocketException or SqliteException => (ExitCode.Environment, $"{command}: {exception.Message}"),
        _ => null,
    };
}
