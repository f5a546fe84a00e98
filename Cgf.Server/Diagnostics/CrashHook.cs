using System.Diagnostics;

namespace Cgf.Server.Diagnostics;

/// <summary>
/// The crash tests' one way to die: SIGKILL to this process, as <c>kill -9</c> would (no finally blocks, no flushes),
/// after one stderr line naming the variable and step. Used by the export and delivery crash points only.
/// </summary>
internal static class CrashHook
{
    /// <param name="variable">The environment variable naming the step to crash at.</param>
    /// <param name="configured">Its value, read once at start (null in production).</param>
    /// <param name="step">The step being passed now.</param>
    public static void KillIf(string variable, string? configured, string step)
    {
        if (!string.Equals(configured, step, StringComparison.Ordinal))
            return;
        Console.Error.WriteLine($"{variable}={step}: killing this process");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
