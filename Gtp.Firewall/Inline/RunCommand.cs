using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Monitoring;
using Gtp.Firewall.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations;
using Operations.Http;
using Operations.Logging;
using System.Runtime.ExceptionServices;

namespace Gtp.Firewall.Inline;

/// <summary><c>Gtp.Firewall run</c>: the inline firewall daemon on the generic host.</summary>
internal static class RunCommand
{
    /// <returns>
    /// 0 after a clean stop (SIGTERM/SIGINT); 3 when the queue cannot be bound or read, charging cannot start or the HTTP
    /// endpoint cannot listen. A configuration error throws before anything starts (2, see CommandErrors).
    /// </returns>
    public static async Task<int> RunAsync(string? configPath, IReadOnlyDictionary<string, string?> overrides, string? jsonPath, TextWriter output, TextWriter errors)
    {
        // No default sources: the configuration is FirewallConfigurationSources' (file, environment, command line).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddFirewallSources(configPath, overrides, out var path);
        FirewallConfigurationSources.EnsureSection(builder.Configuration, path);
        builder.Logging.AddSingleLineConsole();
        builder.Logging.AddLoggingConfiguration(builder.Configuration);
        // A start-up failure (the HTTP port in use) is this command's one line; the host's own log of it, a stack trace,
        // is held back until the host has started.
        var starting = new StartupLogGate(builder.Configuration);
        builder.Logging.AddFilter(StartupLogGate.HostCategory, starting.Allows);
        // The daemon's stdout is the verdict log and the counters: no host status lines.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var outcome = new RunOutcome(output, jsonPath, configPath);
        Register(builder.Services, outcome);

        using var host = builder.Build();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(starting.Started);
        // Binding (unknown keys included) and validation errors throw here, before anything starts: one line, exit 2.
        var options = host.Services.GetRequiredService<IOptions<FirewallOptions>>().Value;
        // The queue is bound before charging starts: check what charging needs first, so it fails before the first packet.
        ChargingPreflight.Check(options.Charging);
        var service = host.Services.GetServices<IHostedService>().OfType<QueueService>().Single();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (HttpEndpointUnavailableException ex)
        {
            // The endpoint starts before the queue service, so nothing was bound or queued yet.
            errors.WriteLine($"run: {ex.Message}");
            return ExitCode.Environment;
        }
        if (service.ExecuteTask is { IsFaulted: true } faulted)
        {
            ExceptionDispatchInfo.Throw(faulted.Exception!.InnerException!);
        }
        if (outcome.Failure is { } failure)
        {
            errors.WriteLine($"run: {failure.Message}");
            return ExitCode.Environment;
        }
        return ExitCode.Success;
    }

    private static void Register(IServiceCollection services, RunOutcome outcome)
    {
        services.AddOptions<FirewallOptions>()
            .Configure<IConfiguration>((options, configuration) => FirewallConfigurationLoader.Bind(configuration.GetSection(FirewallOptions.SectionName), options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FirewallOptions>, FirewallOptionsValidator>();
        // At SIGTERM the host waits for the queue service, which bounds its own shutdown: the records' drain to the
        // CGFs ends after Firewall:Charging:DrainTimeout.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => FirewallPolicyCompiler.Compile(sp.GetRequiredService<IOptions<FirewallOptions>>().Value));
        services.AddSingleton(outcome);
        services.AddFirewallMonitoring();
        services.AddHostedService<QueueService>();
    }
}
