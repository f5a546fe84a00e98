using Cgf.Server.Protocol;
using Operations.Health;

namespace Cgf.Server.Monitoring;

/// <summary>Not ready while overloaded: new Data Record Transfer Requests are answered 199 until the queue drains.</summary>
public sealed class OverloadReadiness(OverloadMonitor overload) : IReadinessCheck
{
    public ReadinessResult Check() => overload.IsOverloaded
        ? ReadinessResult.NotReady("overload: write queue past Cgf:Overload:HighWaterMark, requests answered 199")
        : ReadinessResult.Ready;
}
