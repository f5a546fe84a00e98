namespace Operations.Http;

/// <summary>
/// Where a program serves /metrics, /healthz, /readyz and its status page (<c>Cgf:Http</c>, <c>Firewall:Http</c>).
/// The program sets its own default port; an empty <see cref="Urls"/> turns the endpoint off.
/// </summary>
public sealed class HttpEndpointOptions
{
    /// <summary>Listening URLs separated by ';', each <c>http://ADDRESS:PORT</c> (an IP literal or <c>localhost</c>).</summary>
    public string Urls { get; set; } = "";

    /// <summary>How often the status page reloads itself.</summary>
    public TimeSpan StatusRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/> (e.g. <c>Cgf:Http</c>).</summary>
    public IEnumerable<string> Errors(string section)
    {
        if (!HttpEndpointUrls.TryParse(Urls, out _, out var error))
            yield return $"{section}:Urls {error}";
        if (StatusRefresh < TimeSpan.FromSeconds(1) || StatusRefresh > TimeSpan.FromHours(1))
            yield return $"{section}:StatusRefresh {StatusRefresh} is not in 00:00:01-01:00:00";
    }
}
