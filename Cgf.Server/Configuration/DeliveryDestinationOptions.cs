namespace Cgf.Server.Configuration;

/// <summary>One entry of <c>Cgf:Delivery:Destinations</c>: an SFTP account billing (or an archive) gives this CGF.</summary>
public sealed class DeliveryDestinationOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 22;
    public string User { get; set; } = "";
    /// <summary>OpenSSH or PEM private key (unencrypted) this CGF authenticates with.</summary>
    public string PrivateKeyFile { get; set; } = "";
    /// <summary>The server's host key as <c>ssh-keygen -lf</c> prints it (<c>SHA256:</c> and unpadded base64); required.</summary>
    public string HostKeyFingerprint { get; set; } = "";
    /// <summary>Where the files go on the server (relative paths start at the account's home or chroot).</summary>
    public string RemoteDirectory { get; set; } = ".";

    /// <summary>The stable name of this destination in the database, logs and metrics: <c>user@host:port/dir</c>.</summary>
    public string Key => $"{User}@{Host}:{Port}/{RemoteDirectory.TrimEnd('/')}";
}
