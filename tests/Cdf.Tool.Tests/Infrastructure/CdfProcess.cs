using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cdf.Tool.Tests.Infrastructure;

/// <summary>The <c>cdf</c> tool as a child process, with its output collected line by line (both streams, and each apart).</summary>
internal sealed class CdfProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private CdfProcess(Process process) => _process = process;

    /// <summary>Both streams, in the order the lines arrived.</summary>
    public string Output => Join(_lines);

    public string StandardOutput => Join(_stdout);

    public IReadOnlyList<string> StandardErrorLines
    {
        get
        {
            lock (_lines)
                return [.. _stderr];
        }
    }

    public bool HasLine(string fragment)
    {
        lock (_lines)
            return _lines.Any(l => l.Contains(fragment, StringComparison.Ordinal));
    }

    public static CdfProcess Start(params string[] arguments) => StartIn(null, arguments);

    /// <summary>Starts cdf in <paramref name="workingDirectory"/> (null: the tests' own), where it looks for ./appsettings.json.</summary>
    public static CdfProcess StartIn(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        start.ArgumentList.Add(Repository.CdfDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var cdf = new CdfProcess(process);
        process.OutputDataReceived += (_, e) => cdf.OnLine(e.Data, cdf._stdout);
        process.ErrorDataReceived += (_, e) => cdf.OnLine(e.Data, cdf._stderr);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cdf;
    }

    private void OnLine(string? line, List<string> stream)
    {
        if (line is null)
            return;
        lock (_lines)
        {
            _lines.Add(line);
            stream.Add(line);
        }
    }

    private string Join(List<string> lines)
    {
        lock (_lines)
            return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Sends a POSIX signal (SIGINT, SIGTERM), as Ctrl-C or systemd would; Process.Kill only sends SIGKILL.</summary>
    public void Signal(int signal) => Assert.Equal(0, SendSignal(_process.Id, signal));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        // The parameterless wait also drains the redirected streams.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
