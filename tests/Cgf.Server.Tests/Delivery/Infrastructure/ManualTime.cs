namespace Cgf.Server.Tests.Delivery.Infrastructure;

/// <summary>A clock the test moves (Failover's return after Cgf:Delivery:ReturnAfter without waiting 30 minutes).</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}
