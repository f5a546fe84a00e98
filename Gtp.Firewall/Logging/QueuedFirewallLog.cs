using System.Threading.Channels;

namespace Gtp.Firewall.Logging;

/// <summary>
/// Puts a bounded queue between the packet thread and a log that may block (<see cref="SyslogFirewallLog"/> writes
/// stdout synchronously). <see cref="Write"/> never waits: when the queue is full the entry is dropped and counted
/// in <see cref="Dropped"/>. One background task writes the entries in order.
/// </summary>
internal sealed class QueuedFirewallLog : IFirewallLog, IAsyncDisposable
{
    private readonly Channel<FirewallLogEntry> _queue;
    private readonly IFirewallLog _inner;
    private readonly Task _writer;
    private long _dropped;

    public QueuedFirewallLog(IFirewallLog inner, int capacity)
    {
        _inner = inner;
        // FullMode.Wait makes TryWrite return false when full, so drops can be counted (DropWrite hides them).
        _queue = Channel.CreateBounded<FirewallLogEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        _writer = Task.Run(WriteAllAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(in FirewallLogEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task WriteAllAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var entry))
            {
                try
                {
                    _inner.Write(entry);
                }
                catch (IOException)
                {
                    // A closed stdout must not stop the writer (the UDP syslog side may still work).
                }
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
