using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Reload;

namespace Cgf.Server.Reload;

/// <summary>
/// Live reload (docs/cgf-design.md, "Live reload"): SIGHUP, or a change of a configuration file the CGF started with,
/// reloads every configuration source once; the section is then bound and validated by the same options pipeline and
/// validators as at start. A valid result replaces <see cref="LiveCgfOptions"/>; an invalid one (or a file that no
/// longer parses or is gone) is refused with one error line and the running settings stay.
/// </summary>
public sealed class ConfigurationReloader(
    IConfiguration configuration,
    IOptions<CgfOptions> started,
    IOptionsFactory<CgfOptions> factory,
    LiveCgfOptions live,
    CgfMetrics metrics,
    ILogger<ConfigurationReloader> logger,
    IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private const string FileChange = "file change";
    private const string Hangup = "SIGHUP";

    private readonly Lock _gate = new();
    private readonly List<(FileConfigurationSource Source, string Path)> _files = [];
    private HangupSignal? _hangup;
    private FileChangeWatcher? _watcher;

    // Guarded by _gate.
    private CgfOptions? _running;
    private string? _loadFailure;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = started.Value;
        if (configuration is not IConfigurationRoot root)
            return Task.CompletedTask;
        if (configuration is IConfigurationBuilder builder)
        {
            foreach (var source in builder.Sources.OfType<FileConfigurationSource>())
            {
                if (source.FileProvider?.GetFileInfo(source.Path ?? "") is not { Exists: true, PhysicalPath: { } path })
                    continue;
                // Without this a file that no longer parses would throw on the reloading thread.
                source.OnLoadException = OnLoadException;
                _files.Add((source, path));
            }
        }
        // The sources do not watch their files themselves (ServerCommand turns that off): a provider reloading on its
        // own empties its keys when the file does not parse, and would make other reloads read defaults.
        _watcher = new FileChangeWatcher(_files.Select(f => f.Path), () => Reload(root, FileChange));
        _hangup = new HangupSignal(() => Reload(root, Hangup));
        // Logged once the CGF has started: a start that fails (a port in use, storage) is then its one error line.
        var watching = _files.Count == 0 ? "(no configuration file)" : string.Join(", ", _files.Select(f => f.Path));
        lifetime.ApplicationStarted.Register(() => ReloadLog.Watching(logger, watching));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
    }

    /// <summary>Reloads every source, then applies or refuses the result: one log line per trigger.</summary>
    public void Reload(IConfigurationRoot root, string trigger)
    {
        lock (_gate)
        {
            _loadFailure = MissingFile();
            if (_loadFailure is null)
            {
                try
                {
                    // A file that fails to parse keeps its previous keys (it is not a provider's own reload) and
                    // reports through OnLoadException.
                    root.Reload();
                }
                catch (Exception exception) when (exception is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
                {
                    _loadFailure = exception.Message;
                }
            }
            if (_loadFailure is { } failure)
            {
                Refuse(trigger, failure);
                return;
            }
            CgfOptions proposed;
            try
            {
                proposed = factory.Create(Options.DefaultName);
            }
            catch (OptionsValidationException exception)
            {
                Refuse(trigger, string.Join("; ", exception.Failures));
                return;
            }
            catch (InvalidOperationException exception)
            {
                // The binder's conversion failure names the key and the value.
                Refuse(trigger, exception.Message);
                return;
            }
            Apply(trigger, proposed);
        }
    }

    private void OnLoadException(FileLoadExceptionContext context)
    {
        context.Ignore = true;
        // The innermost message is the parser's, with the line and position.
        var messages = new List<string>();
        for (var exception = context.Exception; exception is not null; exception = exception.InnerException)
            messages.Add(exception.Message);
        _loadFailure = string.Join(" ", messages);
    }

    private void Apply(string trigger, CgfOptions proposed)
    {
        var plan = ReloadPlan.Create(started.Value, _running!, proposed);
        if (plan.NeedRestart.Count > 0)
            ReloadLog.NeedRestart(logger, trigger, string.Join(", ", plan.NeedRestart));
        live.Apply(LiveSettings.From(proposed));
        _running = proposed;
        metrics.ConfigurationReloaded(applied: true);
        ReloadLog.Applied(logger, trigger, plan.Applied.Count == 0 ? "no change" : string.Join(", ", plan.Applied));
    }

    private void Refuse(string trigger, string reason)
    {
        metrics.ConfigurationReloaded(applied: false);
        ReloadLog.Refused(logger, trigger, reason);
    }

    /// <summary>A configuration file the CGF started with that is gone would otherwise reload as "every key at its default".</summary>
    private string? MissingFile()
    {
        foreach (var (source, path) in _files)
        {
            if (source.FileProvider?.GetFileInfo(source.Path ?? "") is not { Exists: true })
                return $"configuration file {path} is missing";
        }
        return null;
    }
}
