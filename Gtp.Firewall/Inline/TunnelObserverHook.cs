using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Microsoft.Extensions.Logging;

namespace Gtp.Firewall.Inline;

/// <summary>
/// The one place where <c>run</c> attaches tunnel observers to the engine and closes them at shutdown: today usage
/// charging (<see cref="UsageCharging"/>, options <c>Firewall:Charging</c>; absent while no CGF is configured).
/// The observer runs on the packet thread and only queues work; encoding, the outbox and delivery run on the
/// charging's own tasks, so a CGF outage never stalls the queue.
/// </summary>
internal sealed class TunnelObserverHook : IAsyncDisposable
{
    private readonly UsageCharging? _charging;
    private readonly TextWriter _output;
    private ChargingObserver? _observer;

    private TunnelObserverHook(UsageCharging? charging, TextWriter output)
    {
        _charging = charging;
        _output = output;
    }

    /// <summary>Opens the charging outbox and starts delivery when charging is configured.</summary>
    public static async Task<TunnelObserverHook> CreateAsync(FirewallOptions options, ILoggerFactory loggerFactory, TextWriter output)
    {
        var charging = UsageCharging.Create(options.Charging, loggerFactory);
        try
        {
            charging?.Start();
        }
        catch
        {
            // E.g. the outbox cannot be opened or the CDF's local address/port cannot be bound: the caller reports it
            // in one line; nothing was delivered, and the outbox keeps what it held.
            if (charging is not null)
            {
                await charging.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        return new TunnelObserverHook(charging, output);
    }

    /// <summary>Usage charging, or null while it is off.</summary>
    public UsageCharging? Charging => _charging;

    /// <summary>The engine's charging observer once attached, or null while charging is off.</summary>
    public ChargingObserver? Observer => _observer;

    /// <summary>Attaches the observers to <paramref name="engine"/>; call before the first packet.</summary>
    public void Attach(GtpInspectionEngine engine) => _observer = _charging?.Attach(engine);

    /// <summary>
    /// Called once after the packet thread has stopped (no concurrent engine use): closes every live context's record
    /// with managementIntervention, then waits up to <c>DrainTimeout</c> for the CGFs to acknowledge (what is left
    /// stays in the outbox for the next start) and prints the charging summary.
    /// </summary>
    /// <param name="closeRecords">False when the tunnel state was written for the next start: the records stay open.</param>
    public async Task CloseAsync(bool closeRecords = true)
    {
        if (_charging is null || _observer is null)
        {
            return;
        }
        if (closeRecords)
        {
            _observer.CloseAll(DateTime.UtcNow.Ticks);
        }
        var timeout = _charging.Options.DrainTimeout;
        var drained = await _charging.DrainAsync(timeout).ConfigureAwait(false);
        _output.WriteLine(_charging.Statistics.Summary() + (drained ? "" : $", not all acknowledged within {timeout} (kept in {_charging.Options.Outbox})"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_charging is not null)
        {
            await _charging.DisposeAsync().ConfigureAwait(false);
        }
    }
}
