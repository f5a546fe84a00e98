using Storage.Cdf;

namespace Gtp.Firewall.Charging;

/// <summary>
/// One entry of the packet thread's queue to the encoder: a closed record, the state rows it changes, or both. The
/// encoder commits entries in queue order, records and rows of one batch in one outbox transaction (atomicity:
/// docs/firewall-design.md, "Tunnel state").
/// </summary>
internal readonly record struct ChargingWriteItem(ClosedRecord Record, bool HasRecord, ProducerStateRow[]? State);
