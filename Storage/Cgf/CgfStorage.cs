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

    /// <summary>What a running CGF's monitoring reads every few seconds.</summary>
    public static CgfActivity? ReadActivity(CgfStorageLocation location) => location.Provider == StorageProvider.PostgreSql
        ? null
        : CgfActivityReader.Read(location.Path);

    /// <summary>The delivery state the status page shows.</summary>
    public static Delivery.CgfDeliveryStatus? ReadDeliveryStatus(CgfStorageLocation location)
    {
        if (location.Provider == StorageProvider.PostgreSql)
            return null;
        using var connection = SqliteDatabase.OpenReadOnly(location.Path);
        return Delivery.DeliveryStatusReader.Read(connection);
    }

    /// <summary>Whether <paramref name="exception"/> is the database failing (file, server, connection) rather than a bug.</summary>
    public static bool IsFailure(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException or IOException || PostgresDatabase.IsFailure(exception);
}
