using System.Runtime.InteropServices;

namespace Operations.Reload;

/// <summary>
/// SIGHUP as "reload the configuration" (what systemd's ExecReload sends). The default action of SIGHUP ends the
/// process, so the handler cancels it; <paramref name="onHangup"/> runs on the runtime's signal thread and must not block long.
/// </summary>
public sealed class HangupSignal : IDisposable
{
    private readonly PosixSignalRegistration? _registration;

    public HangupSignal(Action onHangup)
    {
        ArgumentNullException.ThrowIfNull(onHangup);
        if (OperatingSystem.IsWindows())
            return; // No SIGHUP to reload with; the file watch still applies.
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            onHangup();
        });
    }

    public void Dispose() => _registration?.Dispose();
}
