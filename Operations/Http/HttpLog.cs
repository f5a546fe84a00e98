using Microsoft.Extensions.Logging;

namespace Operations.Http;

/// <summary>Logs of the HTTP endpoint; event ids 9100-9199 are reserved for it in every program.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(9100, LogLevel.Information, "HTTP endpoint (/metrics, /healthz, /readyz, status page) listening on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(9101, LogLevel.Information, "HTTP endpoint off (no URLs configured)")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(9102, LogLevel.Error, "HTTP request {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string path);
}
