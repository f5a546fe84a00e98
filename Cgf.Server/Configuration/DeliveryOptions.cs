namespace Cgf.Server.Configuration;

/// <summary>Section <c>Cgf:Delivery</c>: export files pushed to billing over SFTP, exactly once per destination.</summary>
public sealed class DeliveryOptions
{
    /// <summary>In priority order. Empty: no delivery (billing collects from the export directory).</summary>
    public List<DeliveryDestinationOptions> Destinations { get; set; } = [];
    public DeliveryMode Mode { get; set; } = DeliveryMode.Failover;
    /// <summary>Failover: consecutive failures of the active destination before the next one takes over.</summary>
    public int FailuresBeforeSwitch { get; set; } = 4;
    /// <summary>Failover: how long after a switch the first destination is tried again.</summary>
    public TimeSpan ReturnAfter { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How often the delivery service looks for files to send (and retries failed destinations).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Connection and per-operation timeout of one SFTP session.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Undelivered files at or above which alarm delivery_backlog is raised.</summary>
    public int UndeliveredAlarmFiles { get; set; } = 100;
    /// <summary>/readyz says not ready when files have waited this long and no destination has taken one.</summary>
    public TimeSpan NotReadyAfter { get; set; } = TimeSpan.FromMinutes(15);
}
