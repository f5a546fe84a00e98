namespace Storage.Cgf.Delivery;

/// <summary>A recorded export file (<c>export_batches</c>) not yet delivered to one destination, with what is known of it there.</summary>
public sealed record PendingDelivery(string Name, long FileLength, byte[] Sha256, long CreatedAtMs, DeliveryRecordState State);
