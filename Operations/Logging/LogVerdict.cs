namespace Operations.Logging;

public enum LogVerdict
{
    /// <summary>Write the line.</summary>
    Write,
    /// <summary>The key had its line within the interval: count it, write nothing.</summary>
    Suppress,
    /// <summary>
    /// The global budget of lines for this interval is spent: write nothing for the key, but this is the first such
    /// occurrence of the interval, so write one line saying that lines are being suppressed.
    /// </summary>
    BudgetReached,
}
