namespace Tests.Shared;

/// <summary>Waits for a condition that another thread or a child process makes true.</summary>
internal static class Poll
{
    /// <param name="what">What is waited for, for the timeout's message.</param>
    public static async Task UntilAsync(Func<bool> condition, double seconds = 30, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what ?? "condition"} not met in {seconds} s");
            await Task.Delay(20);
        }
    }
}
