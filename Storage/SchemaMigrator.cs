using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage;

/// <summary>
/// Applies numbered migrations and records the schema version in <c>PRAGMA user_version</c>,
/// each migration in its own transaction, so a crash mid-migration leaves the previous version.
/// </summary>
public static class SchemaMigrator
{
    public static int Migrate(SqliteConnection connection, IReadOnlyList<string> migrations, string what)
    {
        var current = GetUserVersion(connection);
        if (current > migrations.Count)
            throw new InvalidOperationException(
                $"{what} schema version {current} is newer than this program knows ({migrations.Count}); upgrade the program");
        for (var version = current + 1; version <= migrations.Count; version++)
        {
            using var transaction = connection.BeginTransaction();
            SqliteDatabase.Execute(connection, migrations[version - 1], transaction);
            SqliteDatabase.Execute(connection, $"PRAGMA user_version = {version};", transaction);
            transaction.Commit();
        }
        return migrations.Count;
    }

    public static int GetUserVersion(SqliteConnection connection) => connection.ExecuteScalar<int>("PRAGMA user_version;");
}
