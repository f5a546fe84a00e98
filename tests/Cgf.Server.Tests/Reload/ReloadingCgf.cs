using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Cgf.Server.Tests.Reload;

/// <summary>
/// A Cgf.Server child process whose configuration is an appsettings.json in its own working directory (the file the
/// operator edits), with its log lines collected so a test can wait for the reload events.
/// </summary>
internal sealed class ReloadingCgf : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ReloadingCgf(Process process, int port)
    {
        _process = process;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint Endpoint { get; }
    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    /// <summary>The configuration the test writes: section Cgf with the given peers and optional extra JSON members.</summary>
    public static string Configuration(int port, string[] peers, string extra = "") =>
        $$"""
        {
          "Cgf": {
            "Listen": { "Address": "127.0.0.1", "Port": {{port}} },
            "Storage": { "Path": "cgf.db" },
            "Peers": [ {{string.Join(", ", peers.Select(p => $"\"{p}\""))}} ],
            "PeerPort": 1,
            "Http": { "Urls": "" }{{extra}}
          }
        }
        """;

    /// <summary>Starts Cgf.Server in <paramref name="workingDirectory"/> (which holds appsettings.json) and waits until it listens.</summary>
    public static async Task<ReloadingCgf> StartAsync(string workingDirectory, int port)
    {
        var process = CgfProcess.Launch([], workingDirectory);
        var cgf = new ReloadingCgf(process, port);
        process.OutputDataReceived += (_, e) => cgf.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => cgf.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await cgf.WaitForLineAsync("Listening for GTP' on udp");
        return cgf;
    }

    /// <summary>Waits for the <paramref name="occurrence"/>-th log line containing <paramref name="text"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, int occurrence = 1, double seconds = 30)
    {
        string? found = null;
        try
        {
            await Poll.UntilAsync(() => (found = Lines.Where(l => l.Contains(text, StringComparison.Ordinal)).Skip(occurrence - 1).FirstOrDefault()) is not null || HasExited, seconds);
        }
        catch (TimeoutException)
        {
        }
        Assert.True(found is not null, $"no log line with '{text}' (#{occurrence}); the CGF wrote:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}");
        return found!;
    }

    public int Count(string text) => Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>kill -HUP, what systemd's ExecReload sends.</summary>
    public async Task HangupAsync()
    {
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
