using System.Diagnostics;

namespace Cdf.Tool.Tests.Infrastructure;

/// <summary>The <c>cdf</c> tool as a child process, with its output collected line by line.</summary>
internal sealed class CdfProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private CdfProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_lines)
                return string.Join(Environment.NewLine, _lines);
        }
    }

    public bool HasLine(string fragment)
    {
        lock (_lines)
            return _lines.Any(l => l.Contains(fragment, StringComparison.Ordinal));
    }

    public static CdfProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Repository.CdfDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var cdf = new CdfProcess(process);
        process.OutputDataReceived += (_, e) => cdf.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => cdf.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cdf;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
    }

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
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
