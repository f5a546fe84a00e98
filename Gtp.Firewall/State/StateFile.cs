using Storage.Cdf;
using System.Threading.Channels;

namespace Gtp.Firewall.State;

/// <summary>
/// Without charging: the tunnel state in a SQLite file of its own, the same store as the outbox (its producer_state
/// table, no records), written by a task of its own so the packet thread never waits for the disk.
/// </summary>
public sealed class StateFile : IStateSink
{
    private readonly CdfOutbox _store;
    private readonly Channel<ProducerStateRow[]> _queue = Channel.CreateBounded<ProducerStateRow[]>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;
    private long _queued;
    private long _committed;

    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file is not a state file (or is damaged).</exception>
    public StateFile(string path)
    {
        _store = new CdfOutbox(path);
        _writer = Task.Run(WriteAsync);
    }

    public string Path => _store.Path;

    public List<(string Key, byte[] Value)> Load() => _store.LoadProducerState(TunnelStateKeys.Prefix);

    public bool TryWrite(ProducerStateRow[] rows)
    {
        if (!_queue.Writer.TryWrite(rows))
            return false;
        Interlocked.Increment(ref _queued);
        return true;
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _committed) < target && !_writer.IsCompleted)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _store.Dispose();
    }

    private async Task WriteAsync()
    {
        var changes = new OutboxChanges();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            changes.Clear();
            var items = 0;
            while (items < 256 && reader.TryRead(out var rows))
            {
                changes.ProducerState.AddRange(rows);
                items++;
            }
            // A local disk failure: retried with the same rows, in order (later rows must not overtake them).
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    _store.Apply(changes);
                    break;
                }
                catch (Microsoft.Data.Sqlite.SqliteException) when (attempt < 10)
                {
                    await Task.Delay(100 * attempt).ConfigureAwait(false);
                }
            }
            Interlocked.Add(ref _committed, items);
        }
    }
}
