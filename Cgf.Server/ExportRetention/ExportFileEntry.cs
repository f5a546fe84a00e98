namespace Cgf.Server.ExportRetention;

/// <summary>A closed CDR file in the export directory, as <see cref="RetentionPlan"/> weighs it.</summary>
public sealed record ExportFileEntry(string Name, long Length, DateTimeOffset ClosedAt, bool Delivered);
