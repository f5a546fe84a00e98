namespace Storage.Cgf;

/// <summary>Where the CGF keeps its state (<c>Cgf:Storage:Provider</c>, docs/cgf-pool.md).</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file on the CGF's own disk (the default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database, shareable by a pool of CGFs.</summary>
    PostgreSql,
}
