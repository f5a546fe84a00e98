namespace Operations.Reload;

/// <summary>
/// Calls back once a set of files has been changed, created or renamed into place and then left alone for
/// <see cref="SettleTime"/>: an editor's save (truncate and write, or write a copy and rename it over) is several
/// file-system events, and the reload should read the file once, when it is whole.
/// </summary>
public sealed class FileChangeWatcher : IDisposable
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _settle;

    /// <param name="paths">Full paths of existing files.</param>
    /// <param name="onChanged">Runs on a thread-pool thread, never twice at once.</param>
    public FileChangeWatcher(IEnumerable<string> paths, Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var running = new Lock();
        _settle = new Timer(_ =>
        {
            lock (running)
                onChanged();
        });
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _settle.Change(SettleTime, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        foreach (var watcher in _watchers)
            watcher.Dispose();
        _settle.Dispose();
    }
}
