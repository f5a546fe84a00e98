using Cgf.Server.Configuration;
using Renci.SshNet;
using Renci.SshNet.Common;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Cgf.Server.Delivery;

/// <summary>
/// One destination's SFTP session (SSH.NET), kept open between files and reopened after a failure. Every SSH.NET or
/// socket exception is turned here, and only here, into a <see cref="DeliveryException"/> of one kind. The host key is
/// accepted only when its SHA-256 fingerprint is the configured one (no trust on first use).
/// </summary>
public sealed class SftpDestination : IDisposable
{
    private const string TemporaryPrefix = ".";
    private const string TemporarySuffix = ".part";
    private const int CopyBuffer = 256 * 1024;

    private readonly DeliveryDestinationOptions _options;
    private readonly TimeSpan _timeout;
    private SftpClient? _client;
    private string? _presentedFingerprint;

    public SftpDestination(DeliveryDestinationOptions options, TimeSpan timeout)
    {
        _options = options;
        _timeout = timeout;
    }

    public string Key => _options.Key;

    /// <summary>The temporary name of <paramref name="name"/> on the remote side: hidden, and never a CDR file name.</summary>
    public static string TemporaryName(string name) => TemporaryPrefix + name + TemporarySuffix;

    private string RemotePath(string name) => _options.RemoteDirectory.TrimEnd('/') + "/" + name;

    public RemoteFinal StatFinal(string name, long length, byte[] sha256) => Run(client =>
    {
        var path = RemotePath(name);
        if (!client.Exists(path))
            return RemoteFinal.Absent;
        if (client.GetAttributes(path).Size != length)
            return RemoteFinal.Different;
        using var stream = client.OpenRead(path);
        return SHA256.HashData(stream).AsSpan().SequenceEqual(sha256) ? RemoteFinal.Matching : RemoteFinal.Different;
    });

    public RemoteTemporary StatTemporary(string name, long length) => Run(client =>
    {
        var path = RemotePath(TemporaryName(name));
        if (!client.Exists(path))
            return RemoteTemporary.Absent;
        return client.GetAttributes(path).Size == length ? RemoteTemporary.Complete : RemoteTemporary.Partial;
    });

    /// <summary>Streams <paramref name="localPath"/> to the temporary name (replacing a leftover) and checks its length there.</summary>
    public void Upload(string localPath, string name, long length) => Run(client =>
    {
        var path = RemotePath(TemporaryName(name));
        using (var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBuffer, FileOptions.SequentialScan))
        {
            try
            {
                using var remote = client.Open(path, FileMode.Create, FileAccess.Write);
                Copy(file, remote, length);
            }
            catch (SshException exception) when (exception is not SshConnectionException)
            {
                // What the failed upload wrote would only take more of a full disk; the next attempt replaces it anyway.
                var full = IsFull(client, length);
                TryDelete(client, path);
                if (full)
                    throw new DeliveryException(DeliveryFailureKind.RemoteFull,
                        $"{Key}: the remote file system has less than {length} octets free for {name}", exception);
                throw;
            }
        }
        var written = client.GetAttributes(path).Size;
        if (written != length)
            throw new DeliveryException(DeliveryFailureKind.RemoteError, $"{Key}: {TemporaryName(name)} has {written} octets after the upload, not {length}");
        return 0;
    });

    /// <summary>Gives the complete temporary file its final name. OpenSSH refuses to rename onto an existing name (SSH_FXP_RENAME).</summary>
    public void Rename(string name) => Run(client =>
    {
        client.RenameFile(RemotePath(TemporaryName(name)), RemotePath(name));
        return 0;
    });

    /// <summary>Streams the file in <see cref="CopyBuffer"/> pieces (files larger than memory are fine).</summary>
    private static void Copy(FileStream file, Stream remote, long length)
    {
        var buffer = new byte[CopyBuffer];
        long sent = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            remote.Write(buffer, 0, read);
            sent += read;
            if (sent * 2 >= length && sent < length && DeliveryCrashPoint.IsSet(DeliveryCrashPoint.DuringUpload))
            {
                remote.Flush();
                DeliveryCrashPoint.At(DeliveryCrashPoint.DuringUpload);
            }
        }
        remote.Flush();
    }

    private static void TryDelete(SftpClient client, string path)
    {
        try
        {
            client.DeleteFile(path);
        }
        catch (SshException)
        {
        }
    }

    private bool IsFull(SftpClient client, long length)
    {
        try
        {
            // statvfs@openssh.com: free space for an unprivileged user.
            var status = client.GetStatus(_options.RemoteDirectory);
            return (long)status.AvailableBlocks * (long)status.BlockSize < length;
        }
        catch (SshException)
        {
            return false;
        }
    }

    private T Run<T>(Func<SftpClient, T> operation)
    {
        try
        {
            return operation(Connected());
        }
        catch (DeliveryException)
        {
            Close();
            throw;
        }
        catch (Exception exception) when (Classify(exception) is { } kind)
        {
            Close();
            var message = kind switch
            {
                DeliveryFailureKind.HostKeyMismatch =>
                    $"{Key}: host key {_presentedFingerprint} is not the configured {_options.HostKeyFingerprint}",
                DeliveryFailureKind.AuthenticationRefused => $"{Key}: the server refused the key {_options.PrivateKeyFile}",
                _ => $"{Key}: {exception.Message}",
            };
            throw new DeliveryException(kind, message, exception);
        }
    }

    private DeliveryFailureKind? Classify(Exception exception) => exception switch
    {
        SshConnectionException when _presentedFingerprint is not null && !IsConfiguredHostKey(_presentedFingerprint) => DeliveryFailureKind.HostKeyMismatch,
        SshAuthenticationException => DeliveryFailureKind.AuthenticationRefused,
        SshConnectionException or SshOperationTimeoutException or SocketException or ProxyException => DeliveryFailureKind.Unreachable,
        SshException or IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException or ObjectDisposedException
            => DeliveryFailureKind.RemoteError,
        _ => null,
    };

    private bool IsConfiguredHostKey(string fingerprint) => string.Equals(fingerprint, _options.HostKeyFingerprint, StringComparison.Ordinal);

    private SftpClient Connected()
    {
        if (_client is { IsConnected: true } client)
            return client;
        Close();
        _presentedFingerprint = null;
        using var key = new PrivateKeyFile(_options.PrivateKeyFile);
        client = new SftpClient(new ConnectionInfo(_options.Host, _options.Port, _options.User, new PrivateKeyAuthenticationMethod(_options.User, key))
        {
            Timeout = _timeout,
        })
        {
            OperationTimeout = _timeout,
        };
        client.HostKeyReceived += (_, e) =>
        {
            _presentedFingerprint = "SHA256:" + e.FingerPrintSHA256;
            e.CanTrust = IsConfiguredHostKey(_presentedFingerprint);
        };
        _client = client;
        client.Connect();
        return client;
    }

    private void Close()
    {
        var client = _client;
        _client = null;
        if (client is null)
            return;
        try
        {
            client.Dispose();
        }
        catch (Exception exception) when (exception is SshException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose() => Close();
}
