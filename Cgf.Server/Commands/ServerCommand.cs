using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Export;
using Cgf.Server.Hosting;
using Cgf.Server.Protocol;
using Cgf.Server.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Logging;

namespace Cgf.Server.Commands;

/// <summary><c>Cgf.Server [run]</c>: the CGF daemon on the generic host.</summary>
public static class ServerCommand
{
    public static async Task<int> RunAsync(CommandArguments arguments)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = arguments.ConfigurationArgs,
            ContentRootPath = CommandArguments.ContentRoot(),
        });
        builder.Logging.AddSingleLineConsole(toStandardError: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        Register(builder.Services, builder.Configuration.GetSection(CgfOptions.SectionName));

        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Hosted services start in this order and stop in reverse: storage opens first and closes last;
    /// the shutdown redirector runs while the listeners can still receive Redirection Responses.
    /// </summary>
    public static void Register(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration section)
    {
        services.AddOptions<CgfOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CgfOptions>, CgfOptionsValidator>();
        services.AddSingleton<IValidateOptions<CgfOptions>, ExportOptionsValidator>();
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

        services.AddHostedService<StorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<UdpEndpoint>());
        services.AddHostedService(sp => sp.GetRequiredService<TcpEndpoint>());
        services.AddHostedService<ShutdownRedirector>();
        services.AddHostedService<PeerAnnouncer>();
        services.AddSingleton<ExportService>();
        services.AddHostedService(sp => sp.GetRequiredService<ExportService>());
    }
}
