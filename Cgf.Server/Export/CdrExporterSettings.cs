using System.Net;

namespace Cgf.Server.Export;

/// <summary>What one exporter needs: where, who, and when a file is closed.</summary>
public sealed record CdrExporterSettings(
    string DatabasePath,
    string Directory,
    string NodeId,
    IPAddress NodeAddress,
    int MaxCdrs,
    long MaxBytes,
    TimeSpan MaxAge);
