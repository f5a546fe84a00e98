using System.Diagnostics;

namespace Tests.Shared;

/// <summary>
/// The one way tests find and run Debian command-line tools (tshark, text2pcap, python3, sqlite3, systemd-analyze); tests that need an
/// absent tool report themselves skipped with <see cref="MissingReason"/>.
/// </summary>
internal static class ExternalTool
{
    public const string Tshark = "/usr/bin/tshark";
    public const string Text2pcap = "/usr/bin/text2pcap";
    public const string Python3 = "/usr/bin/python3";
    public const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    public const string SystemdSysusers = "/usr/bin/systemd-sysusers";
    public const string Sshd = "/usr/sbin/sshd";
    public const string SshKeygen = "/usr/bin/ssh-keygen";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static bool Exists(string path) => File.Exists(path);

    /// <summary>The tool's path on PATH, or null when it is not installed.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    public static string MissingReason(string path) => $"{path} is not installed (Debian package {PackageOf(path)})";

    /// <summary>Runs the tool and returns its standard output; the test fails if it exits non-zero.</summary>
    public static string RunChecked(string path, params string[] arguments)
    {
        var result = Run(path, arguments);
        Assert.True(result.ExitCode == 0, $"{path} failed: {result}");
        return result.StandardOutput;
    }

    /// <summary>Runs the tool and returns its exit code and outputs; throws if it does not finish within two minutes.</summary>
    public static ToolResult Run(string path, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout}");
        }

        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string PackageOf(string path) => Path.GetFileName(path) switch
    {
        "tshark" => "tshark",
        "text2pcap" => "wireshark-common",
        "python3" => "python3",
        "sqlite3" => "sqlite3",
        "systemd-analyze" or "systemd-sysusers" => "systemd",
        "sshd" => "openssh-server",
        "ssh-keygen" => "openssh-client",
        _ => "?",
    };
}
