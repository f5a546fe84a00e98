namespace Storage.Cgf;

/// <summary>What the single writer reports. Called on the writer thread: implementations must be quick and must not throw.</summary>
public interface ICgfWriterObserver
{
    /// <summary>Every request of <paramref name="batch"/> has its Result set; <paramref name="committed"/> is false when the transaction failed (all 199).</summary>
    void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed);

    /// <summary>Pending packets whose hold time passed were committed with the possibly-duplicate flag.</summary>
    void OnHoldExpired(int packets, int cdrs);

    void OnStorageError(Exception exception);
}
