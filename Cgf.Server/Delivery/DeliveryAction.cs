namespace Cgf.Server.Delivery;

/// <summary>What <see cref="DeliveryStep"/> tells the delivery service to do for one file at one destination.</summary>
public enum DeliveryAction
{
    /// <summary>Upload under the temporary name (replacing any leftover), record the rename as under way, rename, record.</summary>
    Upload,
    /// <summary>The complete temporary file is there and the rename was under way: rename it, then record.</summary>
    Rename,
    /// <summary>The file is there (or was, and billing took it): record it delivered without sending it again.</summary>
    Record,
    /// <summary>Another file has the final name: touch nothing, count a failure, ask the operator.</summary>
    Conflict,
}
