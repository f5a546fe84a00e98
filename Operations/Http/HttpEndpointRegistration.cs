using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Operations.Alarms;
using Operations.Health;
using Operations.Status;

namespace Operations.Http;

/// <summary>How a program adds the HTTP endpoint, its metrics exposition, readiness checks and alarms to its host.</summary>
public static class HttpEndpointRegistration
{
    /// <summary>
    /// Exports the meters <paramref name="meterNames"/> through OpenTelemetry's Prometheus exporter and serves them with
    /// health, readiness and the status page at the URLs <paramref name="options"/> returns (its program's validated
    /// options). <paramref name="serviceName"/> (e.g. "Cgf.Server") is the <c>service_name</c> of <c>target_info</c>. The
    /// program also registers one <see cref="IStatusPageContent"/>, its <see cref="AddAlarms"/> and any <see cref="IReadinessCheck"/>s.
    /// </summary>
    /// <param name="announceWhenStarted">
    /// Log where it listens once the host has started; false when the program calls <see cref="HttpEndpoint.Announce"/>
    /// itself, at the moment it serves (the firewall binds its queue after the host has started).
    /// </param>
    public static IServiceCollection AddHttpEndpoint(this IServiceCollection services, Func<IServiceProvider, HttpEndpointOptions> options,
        string serviceName, bool announceWhenStarted, params string[] meterNames)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(meterNames).AddPrometheusExporter());
        services.AddSingleton<Readiness>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new HttpEndpoint(options(sp), sp.GetRequiredService<MeterProvider>(),
            sp.GetRequiredService<Readiness>(), sp.GetRequiredService<AlarmRegistry>(), sp.GetRequiredService<IStatusPageContent>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System,
            announceWhenStarted ? sp.GetRequiredService<IHostApplicationLifetime>() : null));
        services.AddHostedService(sp => sp.GetRequiredService<HttpEndpoint>());
        return services;
    }

    /// <summary>The program's alarms, exported as the gauge <c>PREFIX.alarm.active</c> on its meter <paramref name="meterName"/>.</summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services, string meterName, string instrumentPrefix) =>
        services.AddSingleton(sp => new AlarmRegistry(meterName, instrumentPrefix, sp.GetRequiredService<ILogger<AlarmRegistry>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));

    public static IServiceCollection AddReadinessCheck<TCheck>(this IServiceCollection services)
        where TCheck : class, IReadinessCheck =>
        services.AddSingleton<IReadinessCheck, TCheck>();
}
