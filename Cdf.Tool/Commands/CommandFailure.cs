using Operations;

namespace Cdf.Tool.Commands;

/// <summary>
/// A failure a command reports as one line on stderr (naming the option, key, file or address and why) with its
/// exit code from <see cref="ExitCode"/>, instead of an exception trace.
/// </summary>
internal sealed class CommandFailure : Exception
{
    private CommandFailure(int exitCode, string message, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }

    /// <summary>An option or key with a value that makes no sense: exit 2.</summary>
    public static CommandFailure Usage(string message) => new(Operations.ExitCode.Usage, message);

    /// <summary>Something outside the command failed (a file, a socket, an address): exit 3.</summary>
    public static CommandFailure Environment(string message, Exception? inner = null) => new(Operations.ExitCode.Environment, message, inner);
}
