namespace Cgf.Server.ExportRetention;

/// <summary>Cgf:Export:Retention, :MaxDirectoryBytes (0 = none) and :HighWaterPercent, with the file system's size and use.</summary>
public readonly record struct RetentionLimits(TimeSpan Retention, long MaxDirectoryBytes, int HighWaterPercent, long VolumeBytes, long VolumeUsedBytes);
