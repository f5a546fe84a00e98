using Storage.Cgf.Ledger;

namespace Storage.Cgf.Writer;

public sealed record CgfWriterOptions
{
    /// <summary>The SQLite file (when <see cref="Location"/> is not given).</summary>
    public string Path { get; init; } = "";

    /// <summary>The database: an SQLite file or a PostgreSQL database; by default the SQLite file at <see cref="Path"/>.</summary>
    public CgfStorageLocation Location
    {
        get => _location ?? CgfStorageLocation.Sqlite(Path);
        init => _location = value;
    }

    private readonly CgfStorageLocation? _location;
    /// <summary>Most requests joined into one transaction.</summary>
    public int MaxBatchRequests { get; init; } = 4096;
    /// <summary>Pending (possibly duplicated) packets not released or cancelled within this are committed flagged.</summary>
    public TimeSpan PossiblyDuplicateHoldTime { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Cap on the database file (bytes, 0 = none): past it commits fail with SQLITE_FULL and requests are answered 199, as on a full disk.</summary>
    public long MaxDatabaseBytes { get; init; }
    /// <summary>CDRs per lookup-table chunk the writer indexes when nothing is queued (CdrIndexer); 0 = none.</summary>
    public int IndexChunk { get; init; } = 1000;
    /// <summary>
    /// The writer indexes between batches only while committing ingest took less than this share of its time over the
    /// last second (0-1): a writer with spare capacity indexes in its gaps, a saturated one leaves the backlog for later.
    /// </summary>
    public double IndexBelowIngestShare { get; init; } = 0.5;
    /// <summary>WAL size past which the writer finishes a checkpoint so that the WAL file starts over (WalCheckpointer).</summary>
    public long WalRestartBytes { get; init; } = DefaultWalRestartBytes;

    /// <summary>
    /// The CGF's WAL restart size. Each restart stalls the writer 20-50 ms (it copies what the checkpoint passes left and
    /// syncs the database file); with 16 KiB pages the WAL grows about 230 MB/s at 300,000 CDRs/s, so 64 MB meant four
    /// stalls a second and an ack p99 of 25-30 ms, 256 MB one a second and a p99 under 10 ms (docs/benchmarks.md).
    /// </summary>
    public const long DefaultWalRestartBytes = 256L << 20;
    /// <summary>Pause between two checkpoint passes beside the writer.</summary>
    public TimeSpan CheckpointInterval { get; init; } = WalCheckpointer.DefaultInterval;
    /// <summary>Wall time one segment of the lookup tables spans (CdrIndexer): retention drops entries a segment at a time.</summary>
    public TimeSpan IndexSegmentSpan { get; init; } = CdrIndexer.DefaultSegmentSpan;
    /// <summary>Exported CDRs and quarantined records older than this are removed (CdrRetention); zero keeps everything.</summary>
    public TimeSpan Retention { get; init; }
    /// <summary>Most rows of each table one retention chunk removes.</summary>
    public int RetentionChunk { get; init; } = Storage.Cgf.Retention.CdrRetention.DefaultChunk;
    /// <summary>How often the hold-time sweep runs.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// The name each outcome is counted under in table <c>peer_counters</c>, per peer. The CGF names them after the
    /// cause it answers with (<c>cause128</c>), which is what its status report shows.
    /// </summary>
    public Func<TransferOutcome, string> OutcomeCounterName { get; init; } = static outcome => outcome.ToString();
    /// <summary>
    /// The peers (address text) this writer keeps the paths of, when a CGF has several writers (<see cref="CgfWriterGroup{TRequest}"/>):
    /// it loads only their states. Null: every peer.
    /// </summary>
    public Func<string, bool>? OwnsPeer { get; init; }
    /// <summary>The writer thread's name (seen in thread dumps and profiles).</summary>
    public string ThreadName { get; init; } = "cgf-writer";
}
