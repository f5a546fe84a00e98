using Cgf.Server.Delivery;
using Operations.Health;

namespace Cgf.Server.Monitoring;

/// <summary>Not ready while export files have waited Cgf:Delivery:NotReadyAfter and no destination has taken one for as long.</summary>
public sealed class DeliveryReadiness(DeliveryService delivery) : IReadinessCheck
{
    public ReadinessResult Check() => delivery.NotReadyReason is { } reason ? ReadinessResult.NotReady(reason) : ReadinessResult.Ready;
}
