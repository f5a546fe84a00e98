namespace Cgf.Server.Commands;

/// <summary>
/// Splits the command line into the command word, its own flags (e.g. <c>--json</c>) and the
/// configuration overrides (<c>--Cgf:Listen:Port=33860</c> or <c>--Cgf:Listen:Port 33860</c>).
/// </summary>
public sealed record CommandArguments(string? Command, IReadOnlyList<string> Positional, IReadOnlySet<string> Flags, string[] ConfigurationArgs)
{
    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> knownFlags)
    {
        string? command = null;
        var positional = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (knownFlags.Contains(arg))
            {
                flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/'))
            {
                configuration.Add(arg);
                if (!arg.Contains('=') && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    configuration.Add(args[++i]);
            }
            else if (command is null)
            {
                command = arg;
            }
            else
            {
                positional.Add(arg);
            }
        }
        return new CommandArguments(command, positional, flags, configuration.ToArray());
    }

    /// <summary>Where appsettings.json is read from: the working directory when it has one, else beside the program.</summary>
    public static string ContentRoot() =>
        File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json")) ? Environment.CurrentDirectory : AppContext.BaseDirectory;
}
