using System.Diagnostics;
using System.Net;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>Cgf.Server as a real child process, for crash (kill -9) and start-up tests.</summary>
public sealed class ChildCgf : IDisposable
{
    private readonly Process _process;

    private ChildCgf(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);
    public Process Process => _process;

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Cgf.Server.dll");

    public static Process Launch(IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>Starts the server and waits until it answers Echo.</summary>
    public static async Task<ChildCgf> StartAsync(string databasePath, int? port = null, params string[] extra)
    {
        port ??= FreePort.Get();
        var process = Launch(
        [
            "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={port}", $"--Cgf:Storage:Path={databasePath}",
            "--Cgf:Peers:0=127.0.0.0/8", .. extra,
        ], Path.GetDirectoryName(databasePath)!);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildCgf(process, port.Value);
        using var probe = new UdpPeer();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Cgf.Server exited with {process.ExitCode} at start");
            probe.Send(Gtpp.EchoRequest(1), child.Endpoint);
            if (await probe.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is not null)
                return child;
        }
        child.Kill();
        throw new TimeoutException("Cgf.Server did not answer Echo within 30 s");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
