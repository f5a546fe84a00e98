namespace Storage.Cgf.Writer;

/// <summary>What the single writer reports. Called on the writer thread: implementations must be quick and must not throw.</summary>
public interface ICgfWriterObserver<in TRequest>
{
    /// <summary>Every request of <paramref name="batch"/> has its Outcome set; <paramref name="committed"/> is false when the transaction failed (all NotStored).</summary>
    void OnBatchCompleted(IReadOnlyList<TRequest> batch, TimeSpan commitDuration, bool committed);

    /// <summary>Pending packets whose hold time passed were committed with the possibly-duplicate flag.</summary>
    void OnHoldExpired(int packets, int cdrs);

    void OnStorageError(Exception exception);
}
