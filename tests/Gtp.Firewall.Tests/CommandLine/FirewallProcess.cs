using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary>The built Gtp.Firewall run as a child process, in a chosen working directory and environment.</summary>
internal static class FirewallProcess
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall");

    /// <summary>The repository's appsettings.json (the operator's file), as a JSON tree to change per test.</summary>
    public static JsonNode ContractConfiguration() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")))!;

    /// <summary>Writes <paramref name="configuration"/> as <paramref name="name"/> in <paramref name="directory"/>; returns its path.</summary>
    public static string Write(TempDirectory directory, JsonNode configuration, string name = "config.json")
    {
        var path = directory.File(name);
        File.WriteAllText(path, configuration.ToJsonString());
        return path;
    }

    public static ToolResult Run(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Gtp.Firewall {string.Join(' ', start.ArgumentList)} did not finish within 120 s");
        }
        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// The failure contract: the documented exit code, exactly one non-empty line on stderr (returned), and no stack
    /// trace in either output.
    /// </summary>
    public static string AssertOneLineFailure(ToolResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line: {result}");
        Assert.False(result.StandardOutput.Contains("   at ", StringComparison.Ordinal) || result.StandardOutput.Contains("Exception", StringComparison.Ordinal), result.ToString());
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        return lines[0].TrimEnd('\r');
    }
}
