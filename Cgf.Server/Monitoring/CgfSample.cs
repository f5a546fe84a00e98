using Storage.Cgf;

namespace Cgf.Server.Monitoring;

/// <summary>One look at the CGF's storage and traffic, taken by <see cref="CgfMonitor"/> every few seconds.</summary>
public sealed record CgfSample(
    DateTimeOffset At,
    long DatabaseBytes,
    long WalBytes,
    long DiskFreeBytes,
    long DiskTotalBytes,
    CgfActivity? Activity,
    double CdrsPerSecond,
    double RequestsPerSecond)
{
    public static CgfSample Empty { get; } = new(DateTimeOffset.MinValue, 0, 0, 0, 0, null, 0, 0);
}
