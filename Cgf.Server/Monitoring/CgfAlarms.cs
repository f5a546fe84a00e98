namespace Cgf.Server.Monitoring;

/// <summary>The CGF's alarm names: the <c>alarm</c> label of <c>cgf_alarm_active</c> (docs/operations.md "Alarms").</summary>
public static class CgfAlarms
{
    /// <summary>A CDF sent one Data Record Transfer Request (same sequence number, same content) three times or more.</summary>
    public const string DuplicateFrame = "duplicate_frame";
    /// <summary>Export has failed for Cgf:Export:DownstreamLossAfter and peers were redirected (cause 62).</summary>
    public const string ExportDownstreamLost = "export_downstream_lost";
    /// <summary>The last transaction failed: nothing is acknowledged until one commits again.</summary>
    public const string StorageFailing = "storage_failing";
    /// <summary>Free space on the database's file system is low.</summary>
    public const string DiskSpaceLow = "disk_space_low";
    /// <summary>The database is close to Cgf:Storage:MaxDatabaseSize.</summary>
    public const string DatabaseSizeNearLimit = "database_size_near_limit";
    /// <summary>The write queue passed Cgf:Overload:HighWaterMark: requests are answered 199.</summary>
    public const string Overload = "overload";
    /// <summary>A configured single-address peer has sent nothing for twice Cgf:PeerEchoInterval.</summary>
    public const string PeerSilent = "peer_silent";

    /// <summary>A delivery destination (subject: user@host:port/dir) failed Cgf:Delivery:FailuresBeforeSwitch times in a row.</summary>
    public const string DeliveryFailing = "delivery_failing";
    /// <summary>Cgf:Delivery:UndeliveredAlarmFiles or more export files wait for delivery: billing is not getting them.</summary>
    public const string DeliveryBacklog = "delivery_backlog";

    public static readonly string[] All =
        [DuplicateFrame, ExportDownstreamLost, StorageFailing, DiskSpaceLow, DatabaseSizeNearLimit, Overload, PeerSilent, DeliveryFailing, DeliveryBacklog];
}
