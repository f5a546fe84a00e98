using Cgf.Server.Configuration;
using Cgf.Server.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using Operations.Health;

namespace Cgf.Server.Monitoring;

/// <summary>
/// Whether the last transaction committed. Told by the writers' observer after every batch, on the writer's thread; while
/// the last one failed the CGF acknowledges nothing, so it is not ready and the storage_failing alarm is up. With several
/// writers (PostgreSQL) the most recent transaction of any of them decides: they share the server, whose failures
/// (unreachable, disk full) they meet alike, and a writer that met one opens a new connection for its next batch.
/// </summary>
public sealed class StorageHealth(IOptions<CgfOptions> options, CgfState state, AlarmRegistry alarms) : IReadinessCheck
{
    // SQLITE_FULL: the disk, or max_page_count set from Cgf:Storage:MaxDatabaseSize (https://sqlite.org/rescode.html#full).
    private const int SqliteFull = 13;
    // The failure and the alarm change together, whichever writer's thread reports.
    private readonly Lock _lock = new();
    private volatile string? _failure;

    /// <summary>Why the last transaction failed, or null when it committed.</summary>
    public string? Failure => _failure;

    public void OnCommitted()
    {
        if (_failure is null)
            return;
        lock (_lock)
        {
            if (_failure is null)
                return;
            _failure = null;
            alarms.Clear(CgfAlarms.StorageFailing);
        }
    }

    public void OnFailed(Exception exception)
    {
        var reason = Describe(exception, options.Value.Storage.MaxDatabaseSize);
        lock (_lock)
        {
            _failure = reason;
            alarms.Raise(CgfAlarms.StorageFailing, "", reason);
        }
    }

    public ReadinessResult Check() =>
        !state.IsStorageOpen ? ReadinessResult.NotReady("starting: storage not open yet")
        : _failure is { } failure ? ReadinessResult.NotReady($"storage failing: {failure}")
        : ReadinessResult.Ready;

    /// <summary>One line an operator acts on: which limit is full, or the storage error.</summary>
    public static string Describe(Exception exception, long maxDatabaseSize) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } when maxDatabaseSize > 0 =>
            $"database full (Cgf:Storage:MaxDatabaseSize {maxDatabaseSize} bytes, or the disk)",
        SqliteException { SqliteErrorCode: SqliteFull } => "disk full",
        _ => exception.Message.ReplaceLineEndings(" "),
    };
}
