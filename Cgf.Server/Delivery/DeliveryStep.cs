using Storage.Cgf.Delivery;

namespace Cgf.Server.Delivery;

/// <summary>
/// The exactly-once decision for one export file at one destination, from the database's record and what the remote
/// side holds (docs/delivery-design.md "Exactly once", table of cases). Used for every file, so a restart after a crash at
/// any step takes the same path as a first attempt.
/// </summary>
public static class DeliveryStep
{
    public static DeliveryAction Decide(DeliveryRecordState recorded, RemoteFinal final, RemoteTemporary temporary) =>
        final switch
        {
            // Complete and verified: the rename happened (crash after it) or an earlier run's file was never recorded.
            RemoteFinal.Matching => DeliveryAction.Record,
            RemoteFinal.Different => DeliveryAction.Conflict,
            _ => recorded switch
            {
                DeliveryRecordState.Renaming => temporary switch
                {
                    RemoteTemporary.Complete => DeliveryAction.Rename,
                    // The rename was under way and neither name holds the file: it was renamed and billing took it.
                    RemoteTemporary.Absent => DeliveryAction.Record,
                    _ => DeliveryAction.Upload,
                },
                _ => DeliveryAction.Upload,
            },
        };
}
