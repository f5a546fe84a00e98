using Storage.Cgf.PostgreSql;

namespace Storage.Cgf;

/// <summary>Opens the provider-specific parts of the CGF database at a <see cref="CgfStorageLocation"/>.</summary>
public static class CgfStorage
{
    /// <summary>Increments this node's restart counter and commits it durably before the server answers anything (TS 32.295 §6.2.2).</summary>
    public static byte IncrementRestartCounter(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? PostgresDatabase.IncrementRestartCounter(location.ConnectionString!, location.NodeId)
        : CgfDatabase.IncrementRestartCounter(location.Path);

    /// <summary>Checks that the database holds a CGF schema this program reads, before a command reads or exports it.</summary>
    public static void Verify(CgfStorageLocation location)
    {
        if (location.Provider == StorageProvider.PostgreSql)
            PostgresDatabase.Verify(location.ConnectionString!);
        else
            CgfDatabase.Verify(location.Path);
    }

    /// <summary>The exporter's store; on a shared database every mark checks the export lease.</summary>
    public static ICdrExportStore OpenExportStore(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? new PostgresExportStore(location.ConnectionString!, location.NodeId, requireLease: true)
        : new CdrExportStore(location.Path);

    /// <summary>The pool's export lease; null for an SQLite file, which only this CGF uses.</summary>
    public static IExportLease? CreateExportLease(CgfStorageLocation location, TimeSpan takeoverAfter) => location.Provider == StorageProvider.PostgreSql
        ? new ExportLease(location.ConnectionString!, location.NodeId, takeoverAfter)
        : null;

    /// <summary>What <c>Cgf.Server status</c> prints (on a pool: the pool's counts, this node's restart counter).</summary>
    public static CgfStatus ReadStatus(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? PostgresStatusReader.Read(location.ConnectionString!, location.NodeId)
        : CgfStatusReader.Read(location.Path);

    /// <summary>What a running CGF's monitoring reads every few seconds.</summary>
    public static CgfActivity? ReadActivity(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? PostgresStatusReader.ReadActivity(location.ConnectionString!)
        : CgfActivityReader.Read(location.Path);

    /// <summary>Stored CDRs by fields of their records (the <c>cdrs</c> command).</summary>
    public static IReadOnlyList<StoredCdr> FindCdrs(CgfStorageLocation location, CdrQueryFilter filter) => location.Provider == StorageProvider.PostgreSql
        ? PostgresCdrQuery.Find(location.ConnectionString!, filter)
        : CdrQuery.Find(location.Path, filter);

    /// <summary>The delivery state kept per (file, destination).</summary>
    public static Delivery.IDeliveryStore OpenDeliveryStore(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? new PostgresDeliveryStore(location.ConnectionString!)
        : new Delivery.DeliveryStore(location.Path);

    /// <summary>The delivery state the status page shows.</summary>
    public static Delivery.CgfDeliveryStatus? ReadDeliveryStatus(CgfStorageLocation location)
    {
        if (location.Provider == StorageProvider.PostgreSql)
        {
            using var postgres = PostgresDatabase.Open(location.ConnectionString!);
            return Delivery.DeliveryStatusReader.Read(postgres);
        }
        using var connection = SqliteDatabase.OpenReadOnly(location.Path);
        return Delivery.DeliveryStatusReader.Read(connection);
    }

    /// <summary>After the CGF stopped: a PostgreSQL server gets its connections back (SQLite has no server to free).</summary>
    public static void Close(CgfStorageLocation location)
    {
        if (location.Provider == StorageProvider.PostgreSql)
            PostgresDatabase.CloseConnections(location.ConnectionString!);
    }

    /// <summary>Whether <paramref name="exception"/> is the database failing (file, server, connection) rather than a bug.</summary>
    public static bool IsFailure(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException or IOException || PostgresDatabase.IsFailure(exception);
}
