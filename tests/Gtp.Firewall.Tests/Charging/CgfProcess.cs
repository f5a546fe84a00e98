using System.Diagnostics;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// A real Cgf.Server child process on 127.0.0.1 (as tests/Cdf.Client.Tests starts one). It sends its own
/// requests to 127.0.0.1:<c>peerPort</c>, the firewall's CGF path's local UDP port.
/// </summary>
internal sealed class CgfProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private CgfProcess(Process process, string databasePath)
    {
        _process = process;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join(Environment.NewLine, _output);
        }
    }

    public static async Task<CgfProcess> StartAsync(int port, string databasePath, int peerPort)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     CgfServerDll, $"--Cgf:Listen:Port={port}", $"--Cgf:Storage:Path={databasePath}", "--Cgf:Listen:Address=127.0.0.1",
                     "--Cgf:Peers:0=127.0.0.1", $"--Cgf:PeerPort={peerPort}", "--Cgf:T3=00:00:00.5",
                 })
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var cgf = new CgfProcess(process, databasePath);
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

    /// <summary>The CDRs the CGF committed (cdrs.status 1), in arrival order.</summary>
    public IReadOnlyList<byte[]> CommittedCdrs() => ChargingRig.ReadBlobs(DatabasePath, "SELECT data FROM cdrs WHERE status = 1 ORDER BY id");

    private static string CgfServerDll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Cgf.sln")))
                    return Path.Combine(directory.FullName, "Cgf.Server", "bin", configuration, "net10.0", "Cgf.Server.dll");
            }
            throw new InvalidOperationException("Cgf.sln not found above the test directory");
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
        if (line.Contains("Listening for GTP' on udp", StringComparison.Ordinal))
            _listening.TrySetResult();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
