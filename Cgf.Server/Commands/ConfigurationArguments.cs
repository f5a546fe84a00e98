namespace Cgf.Server.Commands;

/// <summary>
/// The words of a command line that are not the command's own. Only a key with a section (a colon) is a configuration
/// override for the host or the command's configuration (<c>--Cgf:Listen:Port=33860</c>, <c>--Cgf:Listen:Port 33860</c>,
/// <c>/Cgf:NodeId=X</c>); any other word starting with <c>-</c> is an unknown option (so a typo such as <c>--jsn</c> is
/// refused instead of taking the next word as its value), and the rest are stray positional words (a path such as
/// <c>/tmp/file</c> is not configuration).
/// </summary>
public sealed record ConfigurationArguments(string[] Configuration, IReadOnlyList<string> Positional, IReadOnlyList<string> UnknownOptions)
{
    /// <summary>Splits the tokens the command-line parser did not match, in their order.</summary>
    public static ConfigurationArguments Split(IReadOnlyList<string> unmatched)
    {
        var configuration = new List<string>();
        var positional = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < unmatched.Count; i++)
        {
            var arg = unmatched[i];
            var equals = arg.IndexOf('=');
            var key = equals > 0 ? arg[..equals] : arg;
            if (IsDashConfiguration(key) || IsSlashConfiguration(key))
            {
                configuration.Add(arg);
                // "--Key value": the value is the next word unless that is another key (a value may be negative).
                if (equals < 0 && i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith("--", StringComparison.Ordinal))
                    configuration.Add(unmatched[++i]);
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                unknown.Add(key);
            }
            else
            {
                positional.Add(arg);
            }
        }
        return new ConfigurationArguments(configuration.ToArray(), positional, unknown);
    }

    /// <summary>The first word that is neither the command's nor configuration, as the usage error names it; null when none.</summary>
    public string? FirstError(bool positionalAllowed = false) =>
        UnknownOptions.Count > 0 ? $"unknown option {UnknownOptions[0]}"
        : !positionalAllowed && Positional.Count > 0 ? $"unexpected argument '{Positional[0]}'"
        : null;

    /// <summary>"--Section:Key": a configuration key has a section, so "--jsn" or "--verbose" is not one.</summary>
    private static bool IsDashConfiguration(string key) =>
        key.StartsWith("--", StringComparison.Ordinal) && key.IndexOf(':', 2) > 2 && !key.EndsWith(':');

    /// <summary>"/Cgf:Key=value" is configuration; "/tmp/file.dat" (a second slash, no section) is a path.</summary>
    private static bool IsSlashConfiguration(string key) =>
        key.StartsWith('/') && key.IndexOf('/', 1) < 0 && key.IndexOf(':', 1) > 1;
}
