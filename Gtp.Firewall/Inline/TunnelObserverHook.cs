using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inline;

/// <summary>
/// The one place where <c>run</c> gets the engine's <see cref="ITunnelObserver"/> and closes it at shutdown.
/// Usage charging (<c>Gtp.Firewall.Charging.UsageCharging</c>, options <c>Firewall:Charging</c>) plugs in here.
/// The observer is called on the packet thread, so it must only queue work (CDR encoding and sending happen on
/// its own threads).
/// </summary>
internal static class TunnelObserverHook
{
    /// <summary>The observer for the engine, or null when nothing observes tunnels.</summary>
    public static ITunnelObserver? Create(FirewallOptions options, TextWriter errors) => null;

    /// <summary>
    /// Called once after the packet thread has stopped (no more observer calls): the observer closes its open
    /// records — the engine's remaining tunnels are in <paramref name="engine"/>.Tunnels — and flushes.
    /// </summary>
    public static async ValueTask CloseAsync(ITunnelObserver? observer, GtpInspectionEngine engine)
    {
        switch (observer)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
