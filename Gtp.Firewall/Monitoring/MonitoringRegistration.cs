using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Diagnostics;
using Gtp.Firewall.Inline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Operations.Http;
using Operations.Status;

namespace Gtp.Firewall.Monitoring;

/// <summary>How <c>run</c> adds its HTTP endpoint, gauges, alarms, readiness and status page to its host.</summary>
internal static class MonitoringRegistration
{
    /// <summary>
    /// Registers everything but the queue service. The endpoint is registered first, so it listens before the queue is
    /// bound: /readyz then says so, and a port in use stops the start before any packet is queued.
    /// </summary>
    public static IServiceCollection AddFirewallMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<RunState>();
        services.AddAlarms(FirewallCounters.MeterName, "gtp.firewall");
        services.AddSingleton<FirewallMonitor>();
        services.AddSingleton<RunMetrics>();
        services.AddSingleton<IStatusPageContent, FirewallStatusPage>();
        services.AddReadinessCheck<FirewallReadiness>();
        services.AddHttpEndpoint(sp => sp.GetRequiredService<IOptions<FirewallOptions>>().Value.Http, "Gtp.Firewall",
            announceWhenStarted: false, FirewallCounters.MeterName, UsageCharging.MeterName);
        // The gauges are created with the monitor: the host resolves every hosted service before it starts the first.
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<RunMetrics>();
            return sp.GetRequiredService<FirewallMonitor>();
        });
        return services;
    }
}
