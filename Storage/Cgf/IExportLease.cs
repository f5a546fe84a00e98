namespace Storage.Cgf;

/// <summary>
/// The right to export for a pool of CGFs sharing one database (docs/cgf-pool.md "One exporter"): held by one CGF at a
/// time, renewed while it exports, taken over by another once it has not been renewed for the takeover time.
/// </summary>
public interface IExportLease : IDisposable
{
    /// <summary>Takes or renews the lease; false while another CGF holds it. <see cref="PreviousHolder"/> tells who had it.</summary>
    bool TryAcquire();

    /// <summary>The CGF holding the lease, as last seen (null: nobody).</summary>
    string? Holder { get; }

    /// <summary>When this CGF took the lease over from another (or an expired holder), that holder; reset by the next renewal.</summary>
    string? PreviousHolder { get; }

    /// <summary>Gives the lease up (on stop), so another CGF need not wait for the takeover time.</summary>
    void Release();
}
