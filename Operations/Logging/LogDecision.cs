namespace Operations.Logging;

/// <summary>What <see cref="LogRateLimiter{TKey}.Record"/> decided for one occurrence.</summary>
/// <param name="Verdict">Write the line, or not.</param>
/// <param name="Occurrences">Occurrences of the key since it was (last) first seen, this one included.</param>
/// <param name="Suppressed">Written: lines suppressed since the key's previous line. Not written: suppressed so far, this one included.</param>
public readonly record struct LogDecision(LogVerdict Verdict, long Occurrences, long Suppressed)
{
    public bool Write => Verdict == LogVerdict.Write;
}
