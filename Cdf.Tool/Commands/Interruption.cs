using System.Runtime.InteropServices;

namespace Cdf.Tool.Commands;

/// <summary>
/// SIGINT and SIGTERM as a cancellation token, with the default action (ending the process) cancelled, so a command
/// stops taking work, commits its state and reports before it exits with <see cref="Operations.ExitCode.Interrupted"/>.
/// System.CommandLine's own termination handling is off (Program), or it would end the process first.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _signalled = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public Interruption() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    public CancellationToken Token => _signalled.Token;

    public bool Requested => _signalled.IsCancellationRequested;

    /// <summary>The signal's name, for the report.</summary>
    public string SignalName => (PosixSignal)Volatile.Read(ref _signal) == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0);
        _signalled.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _signalled.Dispose();
    }
}
