namespace Cgf.Server.Delivery;

/// <summary>
/// One destination inside <see cref="Deliverer"/>: its SFTP session and what it has done since start. Written by the
/// delivery loop only; the counters are read by the metrics' observable instruments.
/// </summary>
internal sealed class DestinationRuntime(SftpDestination sftp)
{
    public SftpDestination Sftp { get; } = sftp;
    public string Key => Sftp.Key;
    public long Delivered;
    public long Failures;
    /// <summary>The kind of the current run of failures; null while healthy (logs once per change).</summary>
    public DeliveryFailureKind? FailingAs;
    public DateTimeOffset? LastSuccess;
    public DateTimeOffset? LastFailure;
    public string? LastError;
}
