namespace Cdf.Tool.Tests.Infrastructure;

/// <summary>Waits for a condition that a child process makes true.</summary>
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
