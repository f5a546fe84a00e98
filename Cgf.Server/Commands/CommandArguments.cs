namespace Cgf.Server.Commands;

/// <summary>
/// Splits the command line into the command word, positional words, its own flags (e.g. <c>--json</c>),
/// its own options with a value (e.g. <c>--out DIR</c>, <c>--limit=10</c>) and the configuration
/// overrides (<c>--Cgf:Listen:Port=33860</c> or <c>--Cgf:Listen:Port 33860</c>).
/// </summary>
public sealed record CommandArguments(
    string? Command,
    IReadOnlyList<string> Positional,
    IReadOnlySet<string> Flags,
    string[] ConfigurationArgs,
    IReadOnlyDictionary<string, string> Options)
{
    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> knownFlags) =>
        Parse(args, knownFlags, new HashSet<string>(StringComparer.Ordinal));

    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> knownFlags, IReadOnlySet<string> knownOptions)
    {
        string? command = null;
        var positional = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=');
            var key = equals > 0 ? arg[..equals] : arg;
            if (knownFlags.Contains(arg))
            {
                flags.Add(arg);
            }
            else if (knownOptions.Contains(key))
            {
                // A command option without its value is kept empty; the command reports it.
                options[key] = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : "";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || IsSlashConfiguration(key))
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
        return new CommandArguments(command, positional, flags, configuration.ToArray(), options);
    }

    /// <summary>"/Cgf:Key=value" is configuration; "/tmp/file.dat" (a second slash in the key) is a path.</summary>
    private static bool IsSlashConfiguration(string key) => key.StartsWith('/') && key.IndexOf('/', 1) < 0;

    /// <summary>Where appsettings.json is read from: the working directory when it has one, else beside the program.</summary>
    public static string ContentRoot() =>
        File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json")) ? Environment.CurrentDirectory : AppContext.BaseDirectory;
}
