namespace Operations.Health;

/// <summary>All registered readiness checks: ready when every one is, otherwise the reasons of those that are not.</summary>
public sealed class Readiness(IEnumerable<IReadinessCheck> checks)
{
    private readonly IReadinessCheck[] _checks = checks.ToArray();

    /// <summary>The reasons the program is not ready; empty when it is.</summary>
    public IReadOnlyList<string> NotReadyReasons()
    {
        var reasons = new List<string>();
        foreach (var check in _checks)
        {
            var result = check.Check();
            if (!result.IsReady)
                reasons.Add(result.Reason ?? check.GetType().Name);
        }
        return reasons;
    }
}
