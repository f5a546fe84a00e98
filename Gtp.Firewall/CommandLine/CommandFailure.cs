namespace Gtp.Firewall.CommandLine;

/// <summary>A command ends with this exit code (<see cref="Operations.ExitCode"/>) and this one line on stderr.</summary>
internal sealed class CommandFailure(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
