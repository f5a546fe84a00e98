namespace Cgf.Server.Commands;

/// <summary>
/// A one-line progress bar on stderr when it is a terminal (redrawn with \r, at most 10 times a
/// second); plain log lines otherwise, at most one every 5 seconds.
/// </summary>
public sealed class ProgressBar(string what, long total)
{
    private const int Width = 30;
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly long _started = Environment.TickCount64;
    private long _lastDrawn = long.MinValue;

    public void Report(long done)
    {
        var now = Environment.TickCount64;
        if (now - _lastDrawn < (_terminal ? 100 : 5000) && done < total)
            return;
        _lastDrawn = now;
        var rate = done / Math.Max((now - _started) / 1000.0, 0.001);
        if (_terminal)
        {
            var filled = total <= 0 ? Width : (int)(Width * Math.Min(done, total) / total);
            Console.Error.Write($"\r{what} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} ({rate:F0}/s) ");
        }
        else
        {
            Console.Error.WriteLine($"{what}: {done}/{total} ({rate:F0}/s)");
        }
    }

    /// <summary>Ends the bar's line.</summary>
    public void Finish()
    {
        if (_terminal)
            Console.Error.WriteLine();
    }
}
