namespace Operations;

/// <summary>
/// The one exit-code table of Cgf.Server, cdf and Gtp.Firewall (README "Exit codes"; every --help prints it).
/// A daemon stopped by SIGTERM or Ctrl-C after a clean shutdown exits <see cref="Success"/>: that is how it is stopped.
/// </summary>
public static class ExitCode
{
    /// <summary>The command did all its work.</summary>
    public const int Success = 0;

    /// <summary>The command ran but its work is not complete: parked requests, a damaged capture, records not drained.</summary>
    public const int NotCompleted = 1;

    /// <summary>Usage or configuration error: an unknown option or key, a value out of range, a malformed file.</summary>
    public const int Usage = 2;

    /// <summary>Environment error: I/O, a port in use, storage that cannot be opened or written, an unreachable peer.</summary>
    public const int Environment = 3;

    /// <summary>Interrupted by SIGINT or SIGTERM before the work was done (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The table as the README and every --help print it.</summary>
    public const string HelpText =
        "Exit codes: 0 success; 1 work not completed (parked requests, damaged capture, records not drained); " +
        "2 usage or configuration error; 3 environment error (I/O, port in use, storage, unreachable peer); " +
        "130 interrupted (SIGINT/SIGTERM).";
}
