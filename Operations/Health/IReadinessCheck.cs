namespace Operations.Health;

/// <summary>
/// One condition under which the program should take no new work (storage failing, disk full, overload...). Checks
/// run on every /readyz request, so they read state the program already keeps and do no I/O of their own.
/// </summary>
public interface IReadinessCheck
{
    ReadinessResult Check();
}
