using Operations.Alarms;
using System.Globalization;
using System.Net;

namespace Operations.Status;

/// <summary>
/// The one status page of a program: a self-contained HTML document (inline style, no scripts or external assets) that
/// reloads itself with a meta refresh, showing readiness, the active alarms, then the program's own sections.
/// </summary>
public static class StatusPage
{
    private const string Style =
        "body{font-family:sans-serif;margin:1em 2em;color:#222}table{border-collapse:collapse;margin-bottom:1em}" +
        "th,td{border:1px solid #bbb;padding:2px 8px;text-align:left}th{background:#eee}" +
        ".ready{color:#060}.notready{color:#a00;font-weight:bold}";

    public static string Render(IStatusPageContent content, IReadOnlyList<string> notReadyReasons, IReadOnlyList<ActiveAlarm> alarms,
        TimeSpan refresh, DateTimeOffset now)
    {
        var page = new StatusPageWriter();
        var title = WebUtility.HtmlEncode(content.Title);
        var seconds = Math.Max(1, (int)refresh.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        page.AppendRaw($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"{seconds}\">" +
            $"<title>{title}</title><style>{Style}</style></head>\n<body>\n<h1>{title}</h1>\n");
        page.AppendRaw(notReadyReasons.Count == 0
            ? "<p id=\"readiness\" class=\"ready\">Ready</p>\n"
            : $"<p id=\"readiness\" class=\"notready\">Not ready: {WebUtility.HtmlEncode(string.Join("; ", notReadyReasons))}</p>\n");
        page.Paragraph($"{now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, refreshed every {seconds} s");
        page.Section("Active alarms").Table("alarms", ["Alarm", "Subject", "Reason", "Since (UTC)"],
            alarms.Select(a => (IReadOnlyList<string>)[a.Name, a.Subject, a.Reason, a.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]));
        content.Write(page);
        page.AppendRaw("</body></html>\n");
        return page.ToString();
    }
}
