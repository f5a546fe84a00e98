namespace Tests.Shared;

/// <summary>Waits for a condition that another thread or a child process makes true.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }
}
