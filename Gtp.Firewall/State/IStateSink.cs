using Storage.Cdf;

namespace Gtp.Firewall.State;

/// <summary>Where tunnel state rows are committed: the charging outbox (with the records) or a state file of its own.</summary>
public interface IStateSink : IAsyncDisposable
{
    /// <summary>The rows the last committed transaction left (start).</summary>
    List<(string Key, byte[] Value)> Load();

    /// <summary>Packet thread: queues rows behind everything queued before; false when full (never blocks).</summary>
    bool TryWrite(ProducerStateRow[] rows);

    /// <summary>Completes when everything queued so far is committed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
