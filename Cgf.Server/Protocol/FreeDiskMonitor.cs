using Cgf.Server.Configuration;
using Cgf.Server.Monitoring;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Protocol;

/// <summary>
/// Whether free space on the database's volume is below Cgf:Storage:MinFreeDisk, from the monitor's samples: while it
/// is, new Data Record Transfer Requests are answered 199 (docs/operations.md "Free disk"). Leaving is reported once,
/// for the service that tells active peers with Node Alive.
/// </summary>
public sealed class FreeDiskMonitor(IOptions<CgfOptions> options)
{
    private readonly FreeSpaceThreshold _threshold = FreeSpaceThreshold.TryParse(options.Value.Storage.MinFreeDisk, out var t, out _) ? t : default;
    private int _low;
    private int _left;

    public FreeSpaceThreshold Threshold => _threshold;

    public bool IsLow => Volatile.Read(ref _low) == 1;

    /// <summary>Applies one sample; true when it changed the state.</summary>
    public bool Observe(long freeBytes, long totalBytes)
    {
        if (_threshold.IsBelow(freeBytes, totalBytes))
            return Interlocked.Exchange(ref _low, 1) == 0;
        if (IsLow && _threshold.IsClearlyAbove(freeBytes, totalBytes) && Interlocked.CompareExchange(ref _low, 0, 1) == 1)
        {
            Volatile.Write(ref _left, 1);
            return true;
        }
        return false;
    }

    /// <summary>True once after free space rose above the threshold again.</summary>
    public bool TakeLeft() => Interlocked.Exchange(ref _left, 0) == 1;
}
