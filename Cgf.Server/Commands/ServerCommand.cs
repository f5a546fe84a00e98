using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Export;
using Cgf.Server.Hosting;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Cgf.Server.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
        command.SetAction((result, _) => RunAsync(ConfigurationArguments.Split(result.UnmatchedTokens).Configuration));
        return command;
    }

    /// <summary>The host handles SIGTERM and Ctrl-C itself (graceful stop), so the command-line token is not used.</summary>
    public static async Task<int> RunAsync(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = CommandConfiguration.ContentRoot(),
        });
        builder.Logging.AddSingleLineConsole(toStandardError: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        Register(builder.Services, builder.Configuration.GetSection(CgfOptions.SectionName));

        using var host = builder.Build();
        // Validate before the host starts: a bad setting is then one line from Program, not also the host's
        // "Hosting failed to start" log with the exception's stack trace.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        // Bound before the host starts: a port in use then stops start-up as one line (exit 3) before the CGF has
        // opened storage or announced itself to peers; /readyz says "starting" until storage is open.
        await host.Services.GetRequiredService<HttpEndpoint>().StartAsync(CancellationToken.None).ConfigureAwait(false);
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Hosted services start in this order and stop in reverse: storage opens first and closes last;
    /// the shutdown redirector runs while the listeners can still receive Redirection Responses.
    /// </summary>
    public static void Register(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration section)
    {
        services.AddCgfOptions(section);
        services.AddSingleton<CgfMetrics>();
        services.AddSingleton<CgfState>();
        services.AddSingleton<PeerRegistry>();
        services.AddSingleton<PeerRequester>();
        services.AddSingleton<OverloadMonitor>();
        services.AddSingleton<ResponseSender>();
        services.AddSingleton<GtpPrimeRequestHandler>();
        services.AddSingleton<UdpEndpoint>();
        services.AddSingleton<TcpEndpoint>();
        services.AddSingleton<ActivePeers>();
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

        services.AddHostedService<StorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<UdpEndpoint>());
        services.AddHostedService(sp => sp.GetRequiredService<TcpEndpoint>());
        services.AddHostedService<ShutdownRedirector>();
        services.AddHostedService<PeerAnnouncer>();
        services.AddSingleton<ExportService>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportService>());
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<CgfGauges>(); // registers the gauges on the meter before the first scrape
            return sp.GetRequiredService<CgfMonitor>();
        });
        // Last to start, first to stop: /readyz answers only once the CGF serves, and stops before it does.
        services.AddHttpEndpoint(sp => sp.GetRequiredService<IOptions<CgfOptions>>().Value.Http, "Cgf.Server", CgfMetrics.MeterName);
    }
}
