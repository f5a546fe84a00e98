using Microsoft.Data.Sqlite;
using Storage;

namespace Cgf.Server.Tests.Sqlite;

public sealed class PreparedStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PreparedStatementTests()
    {
        _connection.Open();
        using var insert = new PreparedStatement(_connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
        insert.Execute();
    }

    [Fact]
    public void RowsBoundByPositionAreReadBackInOrderAndTheStatementCanRunAgain()
    {
        using (var insert = new PreparedStatement(_connection, "INSERT INTO t (id, name, data) VALUES (?1, ?2, ?3)"))
        {
            insert.Bind(1, 2).Bind(2, "b").Bind(3, [0x02, 0x03]).Execute();
            insert.Bind(1, 1).Bind(2, "a").Bind(3, [0x01]).Execute();
        }
        using var select = new PreparedStatement(_connection, "SELECT id, data FROM t WHERE id >= ?1 ORDER BY id");
        for (var run = 0; run < 2; run++)
        {
            var rows = new List<(long, byte[])>();
            select.Bind(1, 1);
            while (select.Read())
                rows.Add((select.GetInt64(0), select.GetBlob(1).ToArray()));
            Assert.Equal([1L, 2L], rows.Select(r => r.Item1));
            Assert.Equal([0x01], rows[0].Item2);
            Assert.Equal([0x02, 0x03], rows[1].Item2);
        }
    }

    [Fact]
    public void AnEmptyBlobIsStoredAsAnEmptyBlobAndNotAsNull()
    {
        using (var insert = new PreparedStatement(_connection, "INSERT INTO t (id, data) VALUES (?1, ?2)"))
        {
            insert.Bind(1, 1).Bind(2, ReadOnlySpan<byte>.Empty).Execute();
            insert.Bind(1, 2).BindNull(2).Execute();
            insert.Bind(1, 3).Bind(2, new byte[] { 0x00, 0xFF }).Execute();
        }
        using var select = new PreparedStatement(_connection,
            "SELECT CASE typeof(data) WHEN 'blob' THEN 1 WHEN 'null' THEN 0 ELSE -1 END, length(data) FROM t ORDER BY id");
        var rows = new List<(long IsBlob, long Length)>();
        while (select.Read())
            rows.Add((select.GetInt64(0), select.GetInt64(1)));
        Assert.Equal([(1L, 0L), (0L, 0L), (1L, 2L)], rows);
    }

    [Fact]
    public void AStatementLeftAfterItsFirstRowRunsAgainFromTheStartOnceReset()
    {
        using (var insert = new PreparedStatement(_connection, "INSERT INTO t (id) VALUES (?1)"))
        {
            insert.Bind(1, 1).Execute();
            insert.Bind(1, 2).Execute();
        }
        using var select = new PreparedStatement(_connection, "SELECT id FROM t ORDER BY id");
        Assert.True(select.Read());
        select.Reset();
        Assert.True(select.Read());
        Assert.Equal(1, select.GetInt64(0));
        select.Reset();
    }

    [Fact]
    public void ExecuteCountingChangesReturnsTheRowsTheStatementChanged()
    {
        using (var insert = new PreparedStatement(_connection, "INSERT INTO t (id, name) VALUES (?1, 'x')"))
        {
            for (var id = 1; id <= 5; id++)
                insert.Bind(1, id).Execute();
        }
        using var update = new PreparedStatement(_connection, "UPDATE t SET name = 'y' WHERE id BETWEEN ?1 AND ?2");
        Assert.Equal(3, update.Bind(1, 2).Bind(2, 4).ExecuteCountingChanges());
        Assert.Equal(0, update.Bind(1, 10).Bind(2, 20).ExecuteCountingChanges());
    }

    [Fact]
    public void AFailingStepThrowsWithSqlitesMessage()
    {
        using var insert = new PreparedStatement(_connection, "INSERT INTO t (id) VALUES (?1)");
        insert.Bind(1, 1).Execute();
        var error = Assert.Throws<SqliteException>(() => insert.Bind(1, 1).Execute());
        Assert.Contains("UNIQUE", error.Message);
    }

    public void Dispose() => _connection.Dispose();
}
