namespace Cgf.Server.Commands;

/// <summary>
/// A command line the command cannot take (an unknown option, a stray word, a bad filter); the message is the one line
/// printed, followed by a pointer to --help when <see cref="PointToHelp"/> (the word itself is wrong, not its value).
/// </summary>
public sealed class UsageException(string message, bool pointToHelp = false) : Exception(message)
{
    public bool PointToHelp { get; } = pointToHelp;
}
