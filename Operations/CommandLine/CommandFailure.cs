namespace Operations.CommandLine;

/// <summary>
/// A failure a command reports as one line on stderr (naming the option, key, file or address and why) with its exit
/// code from <see cref="Operations.ExitCode"/>, instead of an exception trace.
/// </summary>
public sealed class CommandFailure(int exitCode, string message, Exception? inner = null, bool pointToHelp = false) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The word itself is wrong (not its value): the line ends by pointing to --help.</summary>
    public bool PointToHelp { get; } = pointToHelp;

    /// <summary>An option, word or key the command cannot take, or a value that makes no sense: exit 2.</summary>
    public static CommandFailure Usage(string message, bool pointToHelp = false) => new(Operations.ExitCode.Usage, message, null, pointToHelp);

    /// <summary>Something outside the command failed (a file, a socket, an address, storage): exit 3.</summary>
    public static CommandFailure Environment(string message, Exception? inner = null) => new(Operations.ExitCode.Environment, message, inner);
}
