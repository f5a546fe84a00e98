namespace Cgf.Server.Delivery;

/// <summary>Why an attempt at a destination failed: the <c>reason</c> label of <c>cgf.delivery.failures</c> and of log event 402.</summary>
public enum DeliveryFailureKind
{
    /// <summary>No connection (refused, timed out, reset).</summary>
    Unreachable,
    /// <summary>The server's host key is not Cgf:Delivery:Destinations:N:HostKeyFingerprint.</summary>
    HostKeyMismatch,
    /// <summary>The server refused the private key.</summary>
    AuthenticationRefused,
    /// <summary>A write failed and the remote file system has less free space than the file.</summary>
    RemoteFull,
    /// <summary>Any other SFTP error (permission denied, no such directory, write failure).</summary>
    RemoteError,
    /// <summary>Another file has the final name on the destination.</summary>
    Conflict,
}
