using Gtp.Firewall.Charging;
using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.State;

/// <summary>
/// What an open record keeps beyond its octets (docs/firewall-design.md, "Tunnel state"): the context's current
/// subscriber fields, those the record and its open container started with, the open container's usage base and the
/// containers already closed by changes. Persisted with the open record so a restart continues the same record.
/// </summary>
public sealed record SubscriberState(
    SubscriberFields Current,
    SubscriberFields? OpenedWith,
    SubscriberFields? ContainerFields,
    long ContainerOpenedTicks,
    long ContainerUplinkAtOpening,
    long ContainerDownlinkAtOpening,
    IReadOnlyList<UsageContainer> Containers)
{
    internal static SubscriberState Of(SubscriberFields current, ChargingObserver.OpenRecord r)
        => new(current, r.OpenedWith, r.ContainerFields, r.ContainerOpenedTicks, r.ContainerUplink, r.ContainerDownlink,
            r.Containers is null ? [] : r.Containers.ToArray());

    internal void RestoreInto(ChargingObserver.OpenRecord r)
    {
        r.OpenedWith = OpenedWith;
        r.ContainerFields = ContainerFields;
        r.ContainerOpenedTicks = ContainerOpenedTicks;
        r.ContainerUplink = ContainerUplinkAtOpening;
        r.ContainerDownlink = ContainerDownlinkAtOpening;
        r.Containers = Containers.Count == 0 ? null : [.. Containers];
    }

    // Records compare lists by reference; a restored state equals the one written when its content does.
    public bool Equals(SubscriberState? other) => other is not null && Current == other.Current && OpenedWith == other.OpenedWith
        && ContainerFields == other.ContainerFields && ContainerOpenedTicks == other.ContainerOpenedTicks
        && ContainerUplinkAtOpening == other.ContainerUplinkAtOpening && ContainerDownlinkAtOpening == other.ContainerDownlinkAtOpening
        && Containers.SequenceEqual(other.Containers);

    public override int GetHashCode() => HashCode.Combine(Current, ContainerOpenedTicks, Containers.Count);
}
