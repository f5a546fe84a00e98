using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Operations.Alarms;
using Operations.Health;
using Operations.Status;
using System.Net;

namespace Operations.Http;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text from the host's OpenTelemetry MeterProvider), <c>/healthz</c>, <c>/readyz</c>
/// and the status page <c>/</c> on a slim Kestrel application of its own, started and stopped with the program's host.
/// The application is built empty (no configuration files, environment or console lifetime of its own), so it only
/// does what is configured here.
/// </summary>
public sealed class HttpEndpoint(
    HttpEndpointOptions options,
    MeterProvider meterProvider,
    Readiness readiness,
    AlarmRegistry alarms,
    IStatusPageContent statusPage,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IHostApplicationLifetime? announceWhenStarted) : IHostedService, IAsyncDisposable
{
    private const string MetricsPath = "/metrics";
    private readonly ILogger _logger = loggerFactory.CreateLogger<HttpEndpoint>();
    private WebApplication? _app;
    private bool _started;
    private int _announced;

    /// <summary>The URLs it listens on (empty when off).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>
    /// Binds and starts serving; a second call does nothing, so a program may start the endpoint before its host (a
    /// port in use then stops start-up before anything else has started) and the host's call is then a no-op.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
            return;
        _started = true;
        // The options validator has already rejected bad URLs with one line; parsing again cannot fail here.
        if (!HttpEndpointUrls.TryParse(options.Urls, out var bindings, out var error))
            throw new InvalidOperationException($"invalid configuration: Http:Urls: {error}");
        if (bindings.Count == 0)
        {
            announceWhenStarted?.ApplicationStarted.Register(Announce);
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<ILoggerFactory>(new EndpointLoggerFactory(loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, HostOwnedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var binding in bindings)
            {
                if (binding.IsLocalhost)
                    kestrel.ListenLocalhost(binding.Port);
                else
                    kestrel.Listen(binding.Address!, binding.Port);
            }
        });
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: MetricsPath,
            configureBranchedPipeline: null, optionsName: null);
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var urls = string.Join(", ", bindings.Select(b => b.Url));
            throw new HttpEndpointUnavailableException($"cannot listen for HTTP on {urls}: {Reason(exception)}", exception);
        }
        _app = app;
        Urls = bindings.Select(b => b.Url).ToArray();
        // Logged once the program serves: a start that fails later (storage, the queue) is then its one error line,
        // without this line before it.
        announceWhenStarted?.ApplicationStarted.Register(Announce);
    }

    /// <summary>Logs once where the endpoint listens (or that it is off).</summary>
    public void Announce()
    {
        if (Interlocked.Exchange(ref _announced, 1) != 0)
            return;
        if (Urls.Count == 0)
            HttpLog.Off(_logger);
        else
            HttpLog.Listening(_logger, string.Join(", ", Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }
        try
        {
            switch (request.Path.Value)
            {
                case "/healthz":
                    // Alive: the process answers. Whether it should take work is /readyz.
                    await WriteTextAsync(response, StatusCodes.Status200OK, "alive\n").ConfigureAwait(false);
                    break;
                case "/readyz":
                    var reasons = readiness.NotReadyReasons();
                    await (reasons.Count == 0
                        ? WriteTextAsync(response, StatusCodes.Status200OK, "ready\n")
                        : WriteTextAsync(response, StatusCodes.Status503ServiceUnavailable,
                            string.Concat(reasons.Select(r => $"not ready: {r}\n")))).ConfigureAwait(false);
                    break;
                case "/":
                    var html = StatusPage.Render(statusPage, readiness.NotReadyReasons(), alarms.Active(), options.StatusRefresh, time.GetUtcNow());
                    response.ContentType = "text/html; charset=utf-8";
                    response.Headers.CacheControl = "no-store";
                    await response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
                    break;
                default:
                    await WriteTextAsync(response, StatusCodes.Status404NotFound,
                        $"not found; this endpoint serves {MetricsPath}, /healthz, /readyz and /\n").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            HttpLog.RequestFailed(_logger, exception, request.Path.Value ?? "");
            if (!response.HasStarted)
                response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(text);
    }

    private static string Reason(IOException exception) => exception.InnerException switch
    {
        Microsoft.AspNetCore.Connections.AddressInUseException => "address already in use",
        System.Net.Sockets.SocketException socket => socket.Message,
        { } inner => inner.Message,
        null => exception.Message,
    };

    /// <summary>The program's host owns SIGTERM and Ctrl-C; the endpoint's application must not react to them itself.</summary>
    private sealed class HostOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
