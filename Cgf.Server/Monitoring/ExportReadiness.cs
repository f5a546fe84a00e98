using Cgf.Server.Export;
using Operations.Health;

namespace Cgf.Server.Monitoring;

/// <summary>Not ready once export has lost its downstream (peers were redirected with cause 62).</summary>
public sealed class ExportReadiness(ExportService export) : IReadinessCheck
{
    public ReadinessResult Check() => export.Status is { DownstreamLost: true } status
        ? ReadinessResult.NotReady($"export lost its downstream: {status.Directory} failing since {status.FailingSince:u}")
        : ReadinessResult.Ready;
}
