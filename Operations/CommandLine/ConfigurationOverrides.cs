using Operations.Configuration;

namespace Operations.CommandLine;

/// <summary>
/// Configuration keys given on the command line (<c>--Firewall:HandoverDefault=deny</c>, <c>--Logging:Console:FormatterName json</c>):
/// a word starting with <c>--</c> whose name holds a colon. They are taken out before the command-line parser runs,
/// so every other unknown word stays an error; they apply after the file and the environment.
/// </summary>
public sealed class ConfigurationOverrides
{
    private ConfigurationOverrides(Dictionary<string, string?> values, string[] remaining)
    {
        Values = values;
        Remaining = remaining;
    }

    /// <summary>Key (as in the file, sections joined by colons) → value.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    /// <summary>The words left for the command-line parser, in their order.</summary>
    public string[] Remaining { get; }

    /// <param name="program">The program's name, for the error line.</param>
    /// <param name="sections">The top-level sections the program reads; a key under any other section is refused.</param>
    /// <exception cref="ConfigurationFileException">A key outside <paramref name="sections"/>, or a key without a value.</exception>
    public static ConfigurationOverrides Split(IReadOnlyList<string> args, string program, params string[] sections)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal))
            {
                remaining.Add(arg);
                continue;
            }
            var key = name[2..];
            var section = key[..key.IndexOf(':', StringComparison.Ordinal)];
            if (!sections.Contains(section, StringComparer.OrdinalIgnoreCase))
                throw new ConfigurationFileException(
                    $"unknown key {key} ({program} reads {string.Join(" and ", sections.Select(s => s + ":…"))})");
            if (equals > 0)
                values[key] = arg[(equals + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                values[key] = args[++i];
            else
                throw new ConfigurationFileException($"{name}: needs a value ({name}=VALUE)");
        }
        return new ConfigurationOverrides(values, [.. remaining]);
    }
}
