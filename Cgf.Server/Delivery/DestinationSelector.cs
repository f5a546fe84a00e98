using Cgf.Server.Configuration;

namespace Cgf.Server.Delivery;

/// <summary>
/// Which destinations the next export file goes to (docs/delivery-design.md "Choosing destinations"). No socket, no
/// database: the delivery service reports each attempt's outcome and asks again.
/// Failover: one active destination, the first at start; after <c>failuresBeforeSwitch</c> consecutive failures of the
/// active one the next in priority order (wrapping) takes over; <c>returnAfter</c> after a switch the first one is
/// active again, as CDFs do with their storage servers. All: every destination, each with its own failure count.
/// </summary>
public sealed class DestinationSelector
{
    private readonly DeliveryMode _mode;
    private readonly int _failuresBeforeSwitch;
    private readonly TimeSpan _returnAfter;
    private readonly int[] _failures;
    private DateTimeOffset _switchedAt;

    public DestinationSelector(int count, DeliveryMode mode, int failuresBeforeSwitch, TimeSpan returnAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _mode = mode;
        _failuresBeforeSwitch = failuresBeforeSwitch;
        _returnAfter = returnAfter;
        _failures = new int[count];
    }

    /// <summary>Failover: the destination files go to now. All: 0.</summary>
    public int Active { get; private set; }

    public int Count => _failures.Length;

    public int ConsecutiveFailures(int destination) => _failures[destination];

    /// <summary>Whether <paramref name="destination"/> takes files now (Failover: it is the active one; All: always).</summary>
    public bool IsActive(int destination) => _mode == DeliveryMode.All || destination == Active;

    /// <summary>The destinations to try now, in order; in Failover first returns to the first destination when it is time.</summary>
    /// <returns>The destination that became active by returning, or null.</returns>
    public int? Tick(DateTimeOffset now)
    {
        if (_mode != DeliveryMode.Failover || Active == 0 || now - _switchedAt < _returnAfter)
            return null;
        Active = 0;
        _failures[0] = 0;
        _switchedAt = now;
        return 0;
    }

    /// <summary>The destinations that take files now: the active one (Failover) or all (All).</summary>
    public IReadOnlyList<int> Targets() =>
        _mode == DeliveryMode.All ? Enumerable.Range(0, _failures.Length).ToArray() : [Active];

    public void OnSuccess(int destination) => _failures[destination] = 0;

    /// <summary>Counts a failure; in Failover the next destination takes over after enough of them.</summary>
    /// <returns>The destination that became active by this failure, or null.</returns>
    public int? OnFailure(int destination, DateTimeOffset now)
    {
        _failures[destination]++;
        if (_mode != DeliveryMode.Failover || destination != Active || _failures.Length == 1 || _failures[destination] < _failuresBeforeSwitch)
            return null;
        Active = (Active + 1) % _failures.Length;
        _failures[Active] = 0;
        _switchedAt = now;
        return Active;
    }
}
