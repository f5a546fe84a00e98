using Storage.Cgf.Ledger;

namespace Storage.Cgf.Writer;

/// <summary>
/// The CGF's writers (docs/cgf-pool.md "Writers"): one <see cref="CgfWriter{TRequest}"/> on SQLite, where the file has
/// one writer; on PostgreSQL several, each with its own connection, transaction and ledger, the peers shared out among
/// them by <see cref="PeerPartition"/>. Each path stays with one writer, so its requests are decided in order as before;
/// different CDFs' batches commit side by side, and the server spreads their work over its cores. Retention runs on
/// the first writer only (one walk, not several deleting the same rows).
/// </summary>
public sealed class CgfWriterGroup<TRequest> : IDisposable where TRequest : TransferRequest
{
    private readonly CgfWriter<TRequest>[] _writers;

    public CgfWriterGroup(CgfWriterOptions options, int writers, ICgfWriterObserver<TRequest> observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _writers = new CgfWriter<TRequest>[writers];
        try
        {
            for (var i = 0; i < writers; i++)
            {
                var index = i;
                _writers[i] = new CgfWriter<TRequest>(writers == 1 ? options : options with
                {
                    OwnsPeer = peer => PeerPartition.Of(peer, writers) == index,
                    Retention = index == 0 ? options.Retention : TimeSpan.Zero,
                    ThreadName = $"cgf-writer-{index}",
                }, observer);
            }
        }
        catch
        {
            foreach (var writer in _writers)
                writer?.Dispose();
            throw;
        }
    }

    /// <summary>Requests queued and not yet taken into a transaction, over every writer.</summary>
    public int QueueDepth
    {
        // Read for every request (overload): a loop, not LINQ's enumerator.
        get
        {
            var depth = 0;
            foreach (var writer in _writers)
                depth += writer.QueueDepth;
            return depth;
        }
    }

    /// <summary>CDRs retention removed in this run.</summary>
    public long CdrsRemoved => _writers.Sum(w => w.CdrsRemoved);

    /// <summary>Quarantined records retention removed in this run.</summary>
    public long QuarantineRemoved => _writers.Sum(w => w.QuarantineRemoved);

    /// <summary>Retention chunks that failed.</summary>
    public long RetentionFailures => _writers.Sum(w => w.RetentionFailures);

    /// <summary>Completes when every writer has drained its queue after <see cref="Complete"/>.</summary>
    public Task Stopped => Task.WhenAll(_writers.Select(w => w.Stopped));

    /// <summary>Queues a request with its peer's writer; false once the writers are completing.</summary>
    public bool TryEnqueue(TRequest request) => WriterOf(request.Peer).TryEnqueue(request);

    /// <summary>Counts a request answered without reaching a ledger, under its peer (<see cref="CgfWriter{TRequest}.CountRejected"/>).</summary>
    public void CountRejected(string peer, TransferKind? kind, string causeName) => WriterOf(peer).CountRejected(peer, kind, causeName);

    /// <summary>Peers (address text) with a Data Record Transfer Request committed since <paramref name="sinceMs"/>.</summary>
    public IReadOnlyList<string> PeersActiveSince(long sinceMs) =>
        _writers.Length == 1 ? _writers[0].PeersActiveSince(sinceMs) : _writers.SelectMany(w => w.PeersActiveSince(sinceMs)).ToList();

    /// <summary>No more requests: each writer commits what is queued, then stops.</summary>
    public void Complete()
    {
        foreach (var writer in _writers)
            writer.Complete();
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
            writer.Dispose();
    }

    private CgfWriter<TRequest> WriterOf(string peer) => _writers.Length == 1 ? _writers[0] : _writers[PeerPartition.Of(peer, _writers.Length)];
}
