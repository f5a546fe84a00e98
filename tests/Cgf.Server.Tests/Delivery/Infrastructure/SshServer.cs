using Cgf.Server.Configuration;
using System.Diagnostics;
using System.Net.Sockets;

namespace Cgf.Server.Tests.Delivery.Infrastructure;

/// <summary>
/// A real OpenSSH server (Debian's openssh-server) on a free loopback port, with its own host key, authorized_keys,
/// configuration and remote directory in a temporary folder; the machine's own sshd and its configuration are not
/// touched. Logs in as root with a key pointed to by AuthorizedKeysFile, so tests run only as root (they skip otherwise).
/// </summary>
internal sealed class SshServer : IDisposable
{
    private readonly TempDirectory _directory = new("cgf-sshd-");
    private Process? _process;

    public SshServer()
    {
        Port = FreePort.Get();
        Keygen("host_key");
        Keygen("client_key");
        File.Copy(Path.Combine(Root, "client_key.pub"), Path.Combine(Root, "authorized_keys"));
        Directory.CreateDirectory(RemoteDirectory);
        HostKeyFingerprint = Fingerprint(Path.Combine(Root, "host_key.pub"));
        File.WriteAllText(ConfigPath,
            $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(Root, "host_key")}
            AuthorizedKeysFile {Path.Combine(Root, "authorized_keys")}
            PidFile {Path.Combine(Root, "sshd.pid")}
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            Subsystem sftp internal-sftp
            """);
        Start();
    }

    /// <summary>Why the SFTP tests cannot run here, or null.</summary>
    public static string? SkipReason =>
        !File.Exists(ExternalTool.Sshd) ? ExternalTool.MissingReason(ExternalTool.Sshd)
        : !File.Exists(ExternalTool.SshKeygen) ? ExternalTool.MissingReason(ExternalTool.SshKeygen)
        : Environment.UserName != "root" ? "the test sshd logs in as root (AuthorizedKeysFile in a temporary folder): run the tests as root"
        : null;

    public int Port { get; }
    public string Root => _directory.Path;
    public string RemoteDirectory => Path.Combine(Root, "remote");
    public string ClientKey => Path.Combine(Root, "client_key");
    public string HostKeyFingerprint { get; }
    private string ConfigPath => Path.Combine(Root, "sshd_config");

    public DeliveryDestinationOptions Destination(string? remoteDirectory = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        User = "root",
        PrivateKeyFile = ClientKey,
        HostKeyFingerprint = HostKeyFingerprint,
        RemoteDirectory = remoteDirectory ?? RemoteDirectory,
    };

    /// <summary>Configuration overrides for a child process: destination N of Cgf:Delivery.</summary>
    public IEnumerable<string> Arguments(int index) =>
    [
        $"--Cgf:Delivery:Destinations:{index}:Host=127.0.0.1",
        $"--Cgf:Delivery:Destinations:{index}:Port={Port}",
        $"--Cgf:Delivery:Destinations:{index}:User=root",
        $"--Cgf:Delivery:Destinations:{index}:PrivateKeyFile={ClientKey}",
        $"--Cgf:Delivery:Destinations:{index}:HostKeyFingerprint={HostKeyFingerprint}",
        $"--Cgf:Delivery:Destinations:{index}:RemoteDirectory={RemoteDirectory}",
    ];

    /// <summary>A fingerprint of another key, as a man in the middle would present.</summary>
    public string OtherFingerprint()
    {
        Keygen("other_key");
        return Fingerprint(Path.Combine(Root, "other_key.pub"));
    }

    public void Start()
    {
        // sshd wants its privilege-separation directory even when it never separates (UsePAM no, root).
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo(ExternalTool.Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-D", "-e", "-f", ConfigPath })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("sshd did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"sshd exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException($"sshd on port {Port} did not listen");
    }

    /// <summary>Stops this sshd (its listener and every session it serves).</summary>
    public void Stop()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Closed files under their final names in <paramref name="directory"/> (the remote side).</summary>
    public static string[] FinalNames(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()!;

    private void Keygen(string name) =>
        ExternalTool.RunChecked(ExternalTool.SshKeygen, "-q", "-t", "ed25519", "-N", "", "-C", "cgf-test", "-f", Path.Combine(Root, name));

    private static string Fingerprint(string publicKey) =>
        ExternalTool.RunChecked(ExternalTool.SshKeygen, "-lf", publicKey).Split(' ')[1];

    public void Dispose()
    {
        Stop();
        _directory.Dispose();
    }
}
