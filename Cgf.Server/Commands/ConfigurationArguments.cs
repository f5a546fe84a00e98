namespace Cgf.Server.Commands;

/// <summary>
/// The words of a command line that are not the command's own: configuration overrides for the host or the
/// command's configuration (<c>--Cgf:Listen:Port=33860</c>, <c>--Cgf:Listen:Port 33860</c>, <c>/Cgf:NodeId=X</c>),
/// and stray positional words (a path such as <c>/tmp/file</c> has a second slash, so it is not configuration).
/// </summary>
public sealed record ConfigurationArguments(string[] Configuration, IReadOnlyList<string> Positional)
{
    /// <summary>Splits the tokens the command-line parser did not match, in their order.</summary>
    public static ConfigurationArguments Split(IReadOnlyList<string> unmatched)
    {
        var configuration = new List<string>();
        var positional = new List<string>();
        for (var i = 0; i < unmatched.Count; i++)
        {
            var arg = unmatched[i];
            var equals = arg.IndexOf('=');
            var key = equals > 0 ? arg[..equals] : arg;
            if (arg.StartsWith("--", StringComparison.Ordinal) || IsSlashConfiguration(key))
            {
                configuration.Add(arg);
                // "--Key value": the value is the next word unless that is another key.
                if (equals < 0 && i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith("--", StringComparison.Ordinal))
                    configuration.Add(unmatched[++i]);
            }
            else
            {
                positional.Add(arg);
            }
        }
        return new ConfigurationArguments(configuration.ToArray(), positional);
    }

    /// <summary>"/Cgf:Key=value" is configuration; "/tmp/file.dat" (a second slash in the key) is a path.</summary>
    private static bool IsSlashConfiguration(string key) => key.StartsWith('/') && key.IndexOf('/', 1) < 0;
}
