using Operations.Alarms;

namespace Cgf.Server.Monitoring;

/// <summary>
/// When the database's disk counts as near full (alarm) and its size cap as near full (alarm) or full (not ready), from
/// one sample; free space below Cgf:Storage:MinFreeDisk is FreeDiskMonitor's. The
/// alarms use hysteresis so a value at the limit does not flap them (docs/operations.md "Alarms").
/// </summary>
public sealed class StorageLimits
{
    /// <summary>Alarm when less than this share of the volume is free; cleared above <see cref="DiskClearFreeShare"/>.</summary>
    public const double DiskAlarmFreeShare = 0.10;
    public const double DiskClearFreeShare = 0.12;
    /// <summary>Alarm at this share of Cgf:Storage:MaxDatabaseSize; cleared below <see cref="DatabaseClearShare"/>.</summary>
    public const double DatabaseAlarmShare = 0.90;
    public const double DatabaseClearShare = 0.85;
    /// <summary>Not ready at this share of the cap: SQLite refuses the next pages soon.</summary>
    public const double DatabaseFullShare = 0.99;

    // Thresholds on the used share of the volume, so both alarms rise with the value they watch.
    private readonly HysteresisThreshold _disk = new(1 - DiskAlarmFreeShare, 1 - DiskClearFreeShare);
    private readonly HysteresisThreshold _database = new(DatabaseAlarmShare, DatabaseClearShare);

    public bool DiskAlarm => _disk.IsRaised;

    public bool DatabaseAlarm => _database.IsRaised;

    public AlarmTransition ObserveDisk(long freeBytes, long totalBytes) =>
        totalBytes <= 0 ? AlarmTransition.None : _disk.Observe(1 - (double)freeBytes / totalBytes);

    /// <summary>No cap (0) never raises, and clears an alarm raised under an earlier cap.</summary>
    public AlarmTransition ObserveDatabase(long databaseBytes, long maxDatabaseSize) =>
        _database.Observe(maxDatabaseSize > 0 ? (double)databaseBytes / maxDatabaseSize : 0);

    public static bool IsDatabaseFull(long databaseBytes, long maxDatabaseSize) =>
        maxDatabaseSize > 0 && databaseBytes >= DatabaseFullShare * maxDatabaseSize;
}
