using Microsoft.Data.Sqlite;

namespace Cgf.Server.Commands;

/// <summary>A command's read of the database: an SQLite failure (a damaged page, a lock) becomes one line naming the file.</summary>
public static class CgfDatabaseRead
{
    /// <exception cref="IOException">The read failed; the message names the database.</exception>
    public static T Run<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException exception)
        {
            throw new IOException($"cannot read database {Path.GetFullPath(path)}: {exception.Message}", exception);
        }
    }
}
