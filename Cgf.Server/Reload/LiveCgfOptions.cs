using Cgf.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Reload;

/// <summary>
/// The running <see cref="LiveSettings"/>: read by the request path (peer check), export and redirection; replaced by
/// <see cref="ConfigurationReloader"/> only with settings that passed the start-up validators.
/// </summary>
public sealed class LiveCgfOptions(IOptions<CgfOptions> options)
{
    private volatile LiveSettings _current = LiveSettings.From(options.Value);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveSettings Current => _current;

    /// <summary>Completes when the next snapshot is applied (take it before reading <see cref="Current"/> to miss none).</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Apply(LiveSettings next)
    {
        _current = next;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
