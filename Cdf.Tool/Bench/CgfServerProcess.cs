using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Tool.Bench;

/// <summary>
/// <c>Cgf.Server</c> as a child process on a temporary database for <c>cdf bench --start-server</c>: loopback UDP,
/// every 127/8 address a peer (the raw mode's flows come from several), overload control out of the way. Also the
/// CGF of the soak benchmark (bench/Cgf.Soak.Bench), which adds its own settings.
/// </summary>
public sealed class CgfServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private CgfServerProcess(Process process, string directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        // Ctrl+C or a kill of cdf bench must not leave the server running.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The temporary folder the server runs in (its database is cgf.db there).</summary>
    public string Directory => _directory;

    public int ProcessId => _process.Id;

    /// <summary>user + system CPU time of the server so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Where <c>dotnet build Cgf.Server -c Release</c> puts the server, seen from this tool's output directory.</summary>
    public static string DefaultServerDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Cgf.Server", "bin", configuration, "net10.0", "Cgf.Server.dll");
            if (File.Exists(candidate))
                return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "Cgf.Server.dll");
    }

    /// <param name="serverDll">Cgf.Server.dll to run.</param>
    /// <param name="settings">Further <c>--Key=value</c> arguments, after the defaults (a later one wins).</param>
    /// <param name="directory">The folder to run in (created); default: a new temporary one, deleted on dispose.</param>
    public static CgfServerProcess Start(string serverDll, IEnumerable<string>? settings = null, string? directory = null)
    {
        if (!File.Exists(serverDll))
            throw new FileNotFoundException($"{serverDll} not found: build it (dotnet build Cgf.Server -c Release) or give --server-dll");
        directory ??= Path.Combine(Path.GetTempPath(), "cdf-bench-cgf", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in new[]
                 {
                     serverDll, "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={port}", "--Cgf:Listen:Tcp=false",
                     $"--Cgf:Storage:Path={Path.Combine(directory, "cgf.db")}", "--Cgf:Peers:0=127.0.0.0/8", "--Cgf:Peers:1=127.0.0.0/8",
                     "--Logging:LogLevel:Default=Warning", "--Cgf:Overload:HighWaterMark=1000000", "--Cgf:Overload:LowWaterMark=500000",
                     // No HTTP endpoint: the benchmark needs none, and it must not collide with a CGF on the default port.
                     "--Cgf:Http:Urls=",
                 }.Concat(settings ?? []))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        // Ready when it answers an Echo Request (version 2, type 1, sequence 1; docs/gtp-prime.md §3).
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
        for (var attempt = 0; attempt < 150 && !process.HasExited; attempt++)
        {
            socket.SendTo(Convert.FromHexString("4e0100000001"), endpoint);
            try
            {
                socket.Receive(new byte[64]);
                return new CgfServerProcess(process, directory, endpoint);
            }
            catch (SocketException)
            {
            }
        }
        if (!process.HasExited)
            process.Kill();
        throw new InvalidOperationException("Cgf.Server did not start (no Echo Response within 30 s)");
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
