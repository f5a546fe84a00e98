using Cgf.Server.Diagnostics;

namespace Cgf.Server.Export;

/// <summary>
/// Test hook for the crash tests: when the environment variable <c>CGF_EXPORT_CRASH_AT</c> names a
/// step (<c>after-write</c>, <c>after-rename</c>, <c>before-mark</c>), the exporting process kills
/// itself with SIGKILL at that step, as <c>kill -9</c> would: no finally blocks, no flushes.
/// Unset in production; documented in the README.
/// </summary>
internal static class ExportCrashPoint
{
    public const string Variable = "CGF_EXPORT_CRASH_AT";
    public const string AfterWrite = "after-write";
    public const string AfterRename = "after-rename";
    public const string BeforeMark = "before-mark";

    private static readonly string? Configured = Environment.GetEnvironmentVariable(Variable);

    public static void At(string step) => CrashHook.KillIf(Variable, Configured, step);
}
