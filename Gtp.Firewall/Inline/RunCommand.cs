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
using System.Text;

namespace Gtp.Firewall.Inline;

/// <summary><c>Gtp.Firewall run</c>: the inline firewall daemon on the generic host.</summary>
internal static class RunCommand
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <returns>0 after a clean stop, 1 when the queue cannot be bound or read, 2 for a configuration error, 3 when the HTTP endpoint cannot listen.</returns>
    public static async Task<int> RunAsync(string configPath, string? jsonPath, TextWriter output, TextWriter errors)
    {
        // The configuration is the --config file only (no appsettings, environment or argument sources), as for replay.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        try
        {
            var json = FirewallConfigurationLoader.ReadJson(configPath);
            FirewallConfigurationLoader.Section(json, configPath);
            builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        }
        catch (FirewallConfigurationException ex)
        {
            errors.WriteLine($"configuration error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"run: {ex.Message}");
            return 1;
        }
        builder.Logging.AddSingleLineConsole();
        // A start-up failure (the HTTP port in use) is this command's one line; the host's own log of it, a stack trace,
        // is held back until the host has started. (A filter for a category replaces the minimum level: kept here.)
        IHostApplicationLifetime? lifetime = null;
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information
            && (level < LogLevel.Error || lifetime?.ApplicationStarted.IsCancellationRequested == true));
        // The daemon's stdout is the verdict log and the counters: no host status lines.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var outcome = new RunOutcome(output, jsonPath);
        Register(builder.Services, outcome);

        using var host = builder.Build();
        lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            // Binding and validation errors are one line and exit code 2, before anything starts.
            _ = host.Services.GetRequiredService<IOptions<FirewallOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.WriteLine($"configuration error: {string.Join("; ", ex.Failures)}");
            return 2;
        }
        catch (FirewallConfigurationException ex)
        {
            errors.WriteLine($"configuration error: {ex.Message}");
            return 2;
        }
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
            return 1;
        }
        return 0;
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
