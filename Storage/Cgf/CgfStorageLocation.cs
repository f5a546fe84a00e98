namespace Storage.Cgf;

/// <summary>
/// The CGF database one process uses: an SQLite file (<see cref="Path"/>) or a PostgreSQL database
/// (<see cref="ConnectionString"/>) that other CGFs of a pool may share, each under its own <see cref="NodeId"/>.
/// </summary>
public sealed record CgfStorageLocation(StorageProvider Provider, string Path, string? ConnectionString = null, string NodeId = "CGF01")
{
    public static CgfStorageLocation Sqlite(string path) => new(StorageProvider.Sqlite, path);

    public bool IsShared => Provider == StorageProvider.PostgreSql;

    /// <summary>What an error line names: the file, or the PostgreSQL server and database (never the password).</summary>
    public string Describe() => Provider == StorageProvider.Sqlite
        ? System.IO.Path.GetFullPath(Path)
        : PostgreSql.PostgresDatabase.Describe(ConnectionString ?? "");

    /// <summary>The configuration key an operator fixes when this location cannot be used.</summary>
    public string ConfigurationKey => Provider == StorageProvider.Sqlite ? "Cgf:Storage:Path" : "Cgf:Storage:ConnectionString";
}
