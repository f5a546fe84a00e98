namespace Gtp.Firewall.Tests.Tools;

/// <summary>
/// Runs the Python scripts in <c>scapy/</c> (Debian python3-scapy) to write capture files into a temporary
/// directory. Every entry point skips the calling test, with the reason, when /usr/bin/python3 or scapy is missing.
/// </summary>
internal static class ScapyCaptures
{
    private static readonly Lazy<string?> UnavailableReason = new(ProbeScapy);

    /// <summary>Directory of the copied scripts (the test project copies <c>scapy/*.py</c> next to the test assembly).</summary>
    public static string ScriptDirectory => Path.Combine(AppContext.BaseDirectory, "scapy");

    /// <summary>Skips the current test when scapy cannot be run.</summary>
    public static void SkipIfUnavailable()
    {
        var reason = UnavailableReason.Value;
        Skip.If(reason is not null, reason);
    }

    /// <summary>Runs <c>scapy/{scriptName}</c> with the output path as its only argument and returns that path.</summary>
    public static string Generate(string scriptName, TempDirectory directory)
    {
        SkipIfUnavailable();
        var script = Path.Combine(ScriptDirectory, scriptName);
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"scapy script {scriptName} was not copied to the test output", script);
        }

        var output = directory.File(Path.ChangeExtension(scriptName, ".pcap"));
        var result = ExternalTool.Run(ExternalTool.Python3, ["-B", script, output]);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"{scriptName} failed: {result}");
        }

        return output;
    }

    /// <summary>Reads the <c>CAPTURE.verdicts.tsv</c> that a scenario script writes next to its capture.</summary>
    public static IReadOnlyList<ExpectedVerdict> ReadVerdicts(string capturePath)
    {
        return File.ReadAllLines(capturePath + ".verdicts.tsv")
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t', 3))
            .Select(fields => new ExpectedVerdict(int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), fields[1], fields[2]))
            .ToList();
    }

    /// <summary>Runs inline Python after <c>from scapy.all import *</c>; the code sees the output path as <c>OUT</c>.</summary>
    public static string RunInline(string code, string output)
    {
        SkipIfUnavailable();
        var program = $"import sys\nfrom scapy.all import *\nOUT = sys.argv[1]\n{code}\n";
        var result = ExternalTool.Run(ExternalTool.Python3, ["-B", "-", output], standardInput: program);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"inline scapy failed: {result}\n{program}");
        }

        return output;
    }

    private static string? ProbeScapy()
    {
        if (!ExternalTool.Exists(ExternalTool.Python3))
        {
            return ExternalTool.MissingReason(ExternalTool.Python3);
        }

        var probe = ExternalTool.Run(ExternalTool.Python3, ["-c", "import scapy.all, scapy.contrib.gtp, scapy.contrib.gtp_v2"]);
        return probe.ExitCode == 0 ? null : $"scapy is not importable by {ExternalTool.Python3} (Debian package python3-scapy): {probe.StandardError.Trim()}";
    }
}
