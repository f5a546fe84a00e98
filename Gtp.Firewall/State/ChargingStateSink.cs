using Gtp.Firewall.Charging;
using Storage.Cdf;

namespace Gtp.Firewall.State;

/// <summary>State rows through the charging queue: committed in the outbox in queue order with the usage records.</summary>
public sealed class ChargingStateSink(UsageCharging charging) : IStateSink
{
    public List<(string Key, byte[] Value)> Load() => charging.ReadState(TunnelStateKeys.Prefix);

    public bool TryWrite(ProducerStateRow[] rows) => charging.TryWriteState(rows);

    public Task FlushAsync(CancellationToken cancellationToken = default) => charging.FlushStateAsync(cancellationToken);

    /// <summary>The charging front end owns the outbox; it is disposed there.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
