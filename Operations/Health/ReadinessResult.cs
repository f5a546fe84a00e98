namespace Operations.Health;

/// <summary>What one readiness check found: ready, or not ready with a reason an operator can act on.</summary>
public readonly record struct ReadinessResult(bool IsReady, string? Reason)
{
    public static ReadinessResult Ready => new(true, null);

    public static ReadinessResult NotReady(string reason) => new(false, reason);
}
