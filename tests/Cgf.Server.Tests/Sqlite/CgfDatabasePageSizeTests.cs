using Dapper;
using Storage;
using Storage.Cgf;

namespace Cgf.Server.Tests.Sqlite;

/// <summary>New CGF databases use 16 KiB pages; one created with 4 KiB pages by an earlier version keeps them and works.</summary>
public sealed class CgfDatabasePageSizeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cgf-page-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ANewDatabaseIsCreatedWithSixteenKibPagesInWalMode()
    {
        var path = Path.Combine(_directory, "cgf.db");
        using (var connection = CgfDatabase.Open(path))
        {
            Assert.Equal(16384, connection.ExecuteScalar<long>("PRAGMA page_size;"));
            Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode;"));
        }
        // The file header says so too (offset 16, big-endian; docs: SQLite file format §1.3.2).
        var header = new byte[18];
        using (var file = File.OpenRead(path))
            file.ReadExactly(header);
        Assert.Equal(0x40, header[16]);
        Assert.Equal(0x00, header[17]);
    }

    [Fact]
    public void ADatabaseCreatedWithFourKibPagesKeepsThemAndTakesWrites()
    {
        var path = Path.Combine(_directory, "old.db");
        using (var old = SqliteDatabase.OpenReadWrite(path))
        {
            Assert.Equal(4096, old.ExecuteScalar<long>("PRAGMA page_size;"));
            SchemaMigrator.Migrate(old, CgfSchema.Migrations, "CGF database");
            old.Execute("INSERT INTO peers (address, first_seen, last_seen) VALUES ('192.0.2.1', 1, 1)");
        }

        using var connection = CgfDatabase.Open(path);

        Assert.Equal(4096, connection.ExecuteScalar<long>("PRAGMA page_size;"));
        connection.Execute("INSERT INTO peers (address, first_seen, last_seen) VALUES ('192.0.2.2', 2, 2)");
        Assert.Equal(["192.0.2.1", "192.0.2.2"], connection.Query<string>("SELECT address FROM peers ORDER BY id"));
        Assert.Equal("ok", connection.ExecuteScalar<string>("PRAGMA integrity_check;"));
    }
}
