using System.Diagnostics;
using System.Net;

namespace Tests.Shared;

/// <summary>
/// The one launcher of a real Cgf.Server child process (the Release or Debug build beside the tests' configuration):
/// a daemon on 127.0.0.1 that announces itself (Node Alive, Echo) to the CDF at 127.0.0.1:<c>peerPort</c>, the cdf
/// path's local UDP port (Cgf:PeerPort, see README); <see cref="Launch"/> for a process the test drives itself; and
/// <see cref="Run"/> for a command that runs to completion.
/// </summary>
internal sealed class CgfProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private CgfProcess(Process process)
    {
        _process = process;
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public int Port { get; private init; }
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);
    public string DatabasePath { get; private init; } = "";
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>Starts Cgf.Server with <paramref name="arguments"/>; the caller reads its output and waits for it.</summary>
    public static Process Launch(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repository.CgfServerDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        HttpOff(start);
        return Process.Start(start) ?? throw new InvalidOperationException("Cgf.Server did not start");
    }

    /// <summary>Runs a Cgf.Server command to completion (two minutes at most) and returns its exit code and outputs.</summary>
    public static Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Repository.CgfServerDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        HttpOff(start);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cgf.Server did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Cgf.Server {string.Join(' ', arguments)} did not finish");
        }
        return new Result(process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Starts the daemon and waits until it listens.</summary>
    public static async Task<CgfProcess> StartAsync(int port, string databasePath, int? peerPort = null, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Repository.CgfServerDll, $"--Cgf:Listen:Port={port}", $"--Cgf:Storage:Path={databasePath}",
                     "--Cgf:Listen:Address=127.0.0.1", "--Cgf:Peers:0=127.0.0.1", "--Cgf:Peers:1=127.0.0.0/8",
                     $"--Cgf:PeerPort={peerPort ?? 1}", "--Cgf:T3=00:00:00.5", "--Cgf:RedirectionWait=00:00:02",
                 }.Concat(extra))
            start.ArgumentList.Add(argument);
        HttpOff(start);
        var process = new Process { StartInfo = start };
        var cgf = new CgfProcess(process) { Port = port, DatabasePath = databasePath };
        process.OutputDataReceived += (_, e) => cgf.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => cgf.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Task.WhenAny(cgf._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != cgf._listening.Task)
        {
            cgf.Dispose();
            throw new InvalidOperationException($"Cgf.Server did not start on port {port}:{Environment.NewLine}{cgf.Output}");
        }
        return cgf;
    }

    /// <summary>
    /// The HTTP endpoint off by default (environment variable, so arguments stay as the test wrote them): parallel
    /// tests must never collide on the default port. A test that wants it passes --Cgf:Http:Urls with a free port.
    /// </summary>
    private static void HttpOff(ProcessStartInfo start) => start.Environment["Cgf__Http__Urls"] = "";

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
        if (line.Contains("Listening for GTP' on udp", StringComparison.Ordinal))
            _listening.TrySetResult();
    }

    /// <summary>kill -9: no Redirection, no flush; what is committed stays.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the graceful stop, which sends Redirection Requests (cause 63) first.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
