using Microsoft.Extensions.Logging;
using System.Net;

namespace Cgf.Server.Diagnostics;

/// <summary>Log messages of the limits a peer runs into (docs/cgf-design.md, "Limits"); event ids 260-269.</summary>
internal static partial class LimitsLog
{
    [LoggerMessage(260, LogLevel.Warning, "TCP connection from {Remote} refused: {Reason} ({Suppressed} more not logged since the last line)")]
    public static partial void TcpRefused(ILogger logger, EndPoint? remote, string reason, long suppressed);

    [LoggerMessage(261, LogLevel.Warning, "TCP connection from {Remote} closed: {Reason} ({Suppressed} more not logged since the last line)")]
    public static partial void TcpClosedByLimit(ILogger logger, EndPoint? remote, string reason, long suppressed);

    [LoggerMessage(262, LogLevel.Warning, "Peer {Peer} does not read its TCP responses: a response was dropped ({Suppressed} more not logged since the last line)")]
    public static partial void ResponseDropped(ILogger logger, string peer, long suppressed);

    [LoggerMessage(263, LogLevel.Warning, "More than {Lines} rate-limited lines of {Table} within {Interval}: further ones are counted (cgf.log.suppressed), not logged, until the interval ends")]
    public static partial void BudgetReached(ILogger logger, int lines, string table, TimeSpan interval);
}
