using Cgf.Server.Configuration;
using Cgf.Server.Delivery;
using Cgf.Server.Diagnostics;
using Cgf.Server.Export;
using Cgf.Server.Hosting;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Cgf.Server.Reload;
using Cgf.Server.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations;
using Operations.Http;
using Operations.Logging;
using Operations.Status;
using System.CommandLine;

namespace Cgf.Server.Commands;

/// <summary><c>Cgf.Server [run]</c>: the CGF daemon on the generic host.</summary>
public static class ServerCommand
{
    public const string Description = "Run the CGF: GTP' (TS 32.295) on UDP and TCP, CDRs committed to SQLite before they are acknowledged " +
        "(the default when no command is given; SIGTERM or Ctrl-C stop it gracefully)";

    /// <summary><c>run</c>; the root command runs the same action when no command is named.</summary>
    public static Command Create()
    {
        var command = new Command("run", Description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((result, _) => RunAsync(CommandInput.From(result)));
        return command;
    }

    /// <summary>
    /// The host handles SIGTERM and Ctrl-C itself (graceful stop), so the command-line token is not used.
    /// A failure to start throws (Program turns it into one line and an exit code); the host's own log of it is held back.
    /// </summary>
    public static async Task<int> RunAsync(CommandInput input)
    {
        // Without the host's defaults: they would read appsettings.json and appsettings.{Environment}.json from the
        // content root (a malformed one is a stack trace from this constructor) instead of the one lookup order of every
        // command. The console lifetime (SIGTERM, Ctrl-C) is not one of the defaults; it is always there.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCgfSources(input.ConfigFile, input.Overrides);
        var starting = new StartupLogGate(builder.Configuration);
        builder.Logging.AddSingleLineConsole(toStandardError: false);
        builder.Logging.AddLoggingConfiguration(builder.Configuration);
        builder.Logging.AddFilter(StartupLogGate.HostCategory, starting.Allows);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var section = builder.Configuration.GetSection(CgfOptions.SectionName);
        Register(builder.Services, section);

        using var host = builder.Build();
        // Validate before the host starts: a bad setting is then one line from Program, not also the host's
        // "Hosting failed to start" log with the exception's stack trace.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var storage = host.Services.GetRequiredService<IOptions<CgfOptions>>().Value.Storage;
        if (storage.Provider == Storage.Cgf.StorageProvider.Sqlite)
            StorageDirectory.Check(storage.Path);
        // Bound before the host starts: a port in use then stops start-up as one line (exit 3) before the CGF has
        // opened storage or announced itself to peers; /readyz says "starting" until storage is open.
        await host.Services.GetRequiredService<HttpEndpoint>().StartAsync(CancellationToken.None).ConfigureAwait(false);
        await host.StartAsync().ConfigureAwait(false);
        starting.Started();
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCode.Success;
    }

    /// <summary>
    /// Hosted services start in this order and stop in reverse: storage opens first and closes last;
    /// the shutdown redirector runs while the listeners can still receive Redirection Responses.
    /// </summary>
    public static void Register(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration section)
    {
        services.AddCgfOptions(section);
        // Reloads go through ConfigurationReloader only: the options monitor would otherwise re-bind and re-validate on
        // every configuration change and throw its validation error on the reloading thread, ending the process.
        services.RemoveAll<IOptionsChangeTokenSource<CgfOptions>>();
        services.AddSingleton<CgfMetrics>();
        services.AddSingleton<TcpLimitCounters>();
        services.AddSingleton<RateLimitedLog>();
        services.AddSingleton<LimitInstruments>();
        services.AddSingleton<CgfState>();
        services.AddSingleton<PeerRegistry>();
        services.AddSingleton<PeerRequester>();
        services.AddSingleton<OverloadMonitor>();
        services.AddSingleton<FreeDiskMonitor>();
        services.AddSingleton<ResponseSender>();
        services.AddSingleton<GtpPrimeRequestHandler>();
        services.AddSingleton<UdpEndpoint>();
        services.AddSingleton<TcpEndpoint>();
        services.AddSingleton<ActivePeers>();
        services.AddSingleton<LiveCgfOptions>();
        services.AddSingleton<ConfigurationReloader>();
        services.AddAlarms(CgfMetrics.MeterName, "cgf");
        services.AddSingleton<DuplicateFrameAlarm>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<CgfMonitor>();
        services.AddSingleton<CgfGauges>();
        services.AddSingleton<IStatusPageContent, CgfStatusPage>();
        services.AddSingleton<Operations.Health.IReadinessCheck>(sp => sp.GetRequiredService<StorageHealth>());
        services.AddSingleton<Operations.Health.IReadinessCheck>(sp => sp.GetRequiredService<CgfMonitor>());
        services.AddReadinessCheck<OverloadReadiness>();
        services.AddReadinessCheck<ExportReadiness>();
        services.AddReadinessCheck<DeliveryReadiness>();

        services.AddHostedService(sp => sp.GetRequiredService<ConfigurationReloader>());
        services.AddHostedService<StorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<UdpEndpoint>());
        services.AddHostedService(sp => sp.GetRequiredService<TcpEndpoint>());
        services.AddHostedService<ShutdownRedirector>();
        services.AddHostedService<PeerAnnouncer>();
        services.AddSingleton<ExportService>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportService>());
        services.AddSingleton<DeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryService>());
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<CgfGauges>(); // registers the gauges on the meter before the first scrape
            sp.GetRequiredService<LimitInstruments>();
            return sp.GetRequiredService<CgfMonitor>();
        });
        // Last to start, first to stop: /readyz answers only once the CGF serves, and stops before it does.
        services.AddHttpEndpoint(sp => sp.GetRequiredService<IOptions<CgfOptions>>().Value.Http, "Cgf.Server", announceWhenStarted: true, CgfMetrics.MeterName);
    }
}
