namespace Storage.Cgf.Delivery;

/// <summary>Column <c>deliveries.state</c> (schema v6): how far one export file got to one destination.</summary>
public enum DeliveryRecordState
{
    /// <summary>No row: nothing of this file is known to be on the destination.</summary>
    None = 0,
    /// <summary>The complete temporary file is on the destination and the rename to its final name is under way.</summary>
    Renaming = 1,
    /// <summary>The file is on the destination under its final name (or was, and billing has taken it).</summary>
    Delivered = 2,
    /// <summary>The file had left the export directory before it could be sent: nothing left to deliver.</summary>
    Missing = 3,
}
