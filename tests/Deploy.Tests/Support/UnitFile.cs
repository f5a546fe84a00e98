namespace Deploy.Tests.Support;

/// <summary>
/// The assignments of a systemd unit file as systemd.syntax(7) reads them: <c>Key=value</c> lines per section,
/// comments and blank lines skipped, and an empty assignment (<c>Key=</c>) resetting what came before it.
/// </summary>
internal sealed class UnitFile
{
    private readonly Dictionary<(string Section, string Key), List<string>> _values = [];

    private UnitFile()
    {
    }

    public static UnitFile Load(string path)
    {
        var unit = new UnitFile();
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }
            var equals = line.IndexOf('=');
            Assert.True(equals > 0, $"{path}: not an assignment: {line}");
            var key = (section, line[..equals].Trim());
            var value = line[(equals + 1)..].Trim();
            if (!unit._values.TryGetValue(key, out var values))
                unit._values[key] = values = [];
            if (value.Length == 0)
                values.Clear();
            else
                values.Add(value);
        }
        return unit;
    }

    /// <summary>True when the unit assigns the key, even if only to reset it (<c>CapabilityBoundingSet=</c>).</summary>
    public bool Assigns(string key, string section = "Service") => _values.ContainsKey((section, key));

    /// <summary>Every value of the key after resets, in order; a list-valued key (StateDirectory=) split on spaces.</summary>
    public IReadOnlyList<string> Values(string key, string section = "Service") =>
        _values.TryGetValue((section, key), out var values)
            ? values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList()
            : [];

    /// <summary>The one line of a single-valued key (ExecStart=), or null when unset.</summary>
    public string? Single(string key, string section = "Service") =>
        _values.TryGetValue((section, key), out var values) ? Assert.Single(values) : null;
}
