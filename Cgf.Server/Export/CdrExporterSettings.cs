using Storage.Cgf;
using System.Net;

namespace Cgf.Server.Export;

/// <summary>
/// What one exporter needs: where, who, and when a file is closed. <see cref="Lease"/> is the pool's export lease on a
/// shared PostgreSQL database (docs/cgf-pool.md "One exporter"): every file is written only while it is held.
/// </summary>
public sealed record CdrExporterSettings(
    CgfStorageLocation Database,
    string Directory,
    string NodeId,
    IPAddress NodeAddress,
    int MaxCdrs,
    long MaxBytes,
    TimeSpan MaxAge,
    IExportLease? Lease = null);
