using Storage.Cgf;

namespace Cgf.Server.Commands;

/// <summary>A command's read of the database: a storage failure (a damaged page, a lock, a server gone) becomes one line naming the database.</summary>
public static class CgfDatabaseRead
{
    /// <exception cref="IOException">The read failed; the message names the database.</exception>
    public static T Run<T>(CgfStorageLocation database, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (CgfStorage.IsFailure(exception) && exception is not IOException)
        {
            throw new IOException($"cannot read {database.Describe()}: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }
    }
}
