using Microsoft.Data.Sqlite;

namespace Storage;

/// <summary>
/// <c>INSERT … VALUES (…), (…), …</c> for 1 to <see cref="MaxRows"/> rows, each row count prepared once on first use.
/// One execution for many rows: SQLite opens its cursors, finds the end of the table and tears down once per
/// statement, which at one row per execution cost about as much as the row itself (docs/benchmarks.md).
/// Row r's column c is parameter r × columns + c + 1. Not thread-safe, like <see cref="PreparedStatement"/>.
/// </summary>
public sealed class MultiRowStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _head;
    private readonly string _tail;
    private readonly string _row;
    private readonly PreparedStatement?[] _statements;

    /// <param name="head">The statement up to VALUES, e.g. <c>INSERT INTO t (a, b) VALUES</c>.</param>
    /// <param name="columns">Parameters per row.</param>
    /// <param name="tail">What follows the rows (an ON CONFLICT clause), or empty.</param>
    public MultiRowStatement(SqliteConnection connection, string head, int columns, string tail, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        // SQLite's default limit is 32,766 host parameters per statement.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns * maxRows, 32766);
        _connection = connection;
        _head = head;
        _tail = tail;
        Columns = columns;
        MaxRows = maxRows;
        _row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        _statements = new PreparedStatement?[maxRows + 1];
    }

    public int Columns { get; }

    public int MaxRows { get; }

    /// <summary>The statement for <paramref name="rows"/> rows, ready to bind (1-based parameter numbers).</summary>
    public PreparedStatement For(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        return _statements[rows] ??= new PreparedStatement(_connection,
            $"{_head} {string.Join(", ", Enumerable.Repeat(_row, rows))} {_tail}");
    }

    /// <summary>The parameter number of column <paramref name="column"/> (from 0) of row <paramref name="row"/> (from 0).</summary>
    public int Parameter(int row, int column) => row * Columns + column + 1;

    public void Dispose()
    {
        foreach (var statement in _statements)
            statement?.Dispose();
    }
}
