using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Soak.Bench;

/// <summary>
/// Debian's OpenSSH server on a loopback port with its own host key, client key, authorized_keys and remote directory,
/// all in <paramref name="root"/>: the billing side the CGF delivers to. The machine's own sshd is not touched.
/// </summary>
internal sealed class SshServer : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly Process _process;

    private SshServer(Process process, int port, string clientKey, string fingerprint, string remoteDirectory)
    {
        _process = process;
        Port = port;
        ClientKeyFile = clientKey;
        HostKeyFingerprint = fingerprint;
        RemoteDirectory = remoteDirectory;
    }

    public int Port { get; }
    public string ClientKeyFile { get; }
    public string HostKeyFingerprint { get; }
    public string RemoteDirectory { get; }

    public static SshServer Start(string root)
    {
        if (!File.Exists(Sshd))
            throw new InvalidOperationException($"{Sshd} not found: install Debian's openssh-server");
        Directory.CreateDirectory(root);
        var hostKey = Path.Combine(root, "host_ed25519");
        var clientKey = Path.Combine(root, "client_ed25519");
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey);
        File.Copy(clientKey + ".pub", Path.Combine(root, "authorized_keys"));
        // "256 SHA256:... comment (ED25519)": the form Cgf:Delivery:Destinations:n:HostKeyFingerprint takes.
        var fingerprint = Run("ssh-keygen", "-lf", hostKey + ".pub").Split(' ')[1];
        var remote = Path.Combine(root, "billing");
        Directory.CreateDirectory(remote);
        Directory.CreateDirectory("/run/sshd");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var config = Path.Combine(root, "sshd_config");
        File.WriteAllText(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            AuthorizedKeysFile {Path.Combine(root, "authorized_keys")}
            PidFile {Path.Combine(root, "sshd.pid")}
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            Subsystem sftp internal-sftp
            """);
        var info = new ProcessStartInfo(Sshd) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("sshd did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new SshServer(process, port, clientKey, fingerprint, remote);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        process.Kill();
        throw new InvalidOperationException($"sshd did not listen on 127.0.0.1:{port}");
    }

    private static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{program} failed ({process.ExitCode})");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
