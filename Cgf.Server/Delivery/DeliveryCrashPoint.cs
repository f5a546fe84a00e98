using Cgf.Server.Diagnostics;

namespace Cgf.Server.Delivery;

/// <summary>
/// Test hook for the delivery crash tests: when the environment variable <c>CGF_DELIVERY_CRASH_AT</c> names a step
/// (<c>during-upload</c>: half the file sent; <c>before-rename</c>: the complete temporary file is there and the rename is
/// recorded as under way; <c>after-rename</c>: the file has its final name, not yet recorded delivered), the delivering
/// process kills itself with SIGKILL at that step, as <c>kill -9</c> would. Unset in production.
/// </summary>
internal static class DeliveryCrashPoint
{
    public const string Variable = "CGF_DELIVERY_CRASH_AT";
    public const string DuringUpload = "during-upload";
    public const string BeforeRename = "before-rename";
    public const string AfterRename = "after-rename";

    private static readonly string? Configured = Environment.GetEnvironmentVariable(Variable);

    public static bool IsSet(string step) => string.Equals(Configured, step, StringComparison.Ordinal);

    public static void At(string step) => CrashHook.KillIf(Variable, Configured, step);
}
