namespace Cgf.Server.Export;

/// <summary>An unrecorded file in the export directory that cannot be matched to the CDRs awaiting export: the operator must look at it.</summary>
public sealed class ExportRecoveryException(string message) : IOException(message);
