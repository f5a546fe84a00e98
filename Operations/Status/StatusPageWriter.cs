using System.Net;
using System.Text;

namespace Operations.Status;

/// <summary>
/// Builds the status page's HTML from headings, facts and tables, encoding every value, so programs never write markup
/// (and a peer name or reason cannot inject any).
/// </summary>
public sealed class StatusPageWriter
{
    private readonly StringBuilder _html = new();

    public StatusPageWriter Section(string heading)
    {
        _html.Append("<h2>").Append(Encode(heading)).Append("</h2>\n");
        return this;
    }

    public StatusPageWriter Paragraph(string text)
    {
        _html.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Name/value pairs as a two-column table; <paramref name="id"/> names it for scripts and tests.</summary>
    public StatusPageWriter Facts(string id, IEnumerable<(string Name, string Value)> facts)
    {
        _html.Append("<table class=\"facts\" id=\"").Append(Encode(id)).Append("\">\n");
        foreach (var (name, value) in facts)
            _html.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        _html.Append("</table>\n");
        return this;
    }

    /// <summary>A table with a header row; an empty table says <paramref name="empty"/> instead.</summary>
    public StatusPageWriter Table(string id, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string empty = "none")
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append("<tr>");
            foreach (var cell in row)
                body.Append("<td>").Append(Encode(cell)).Append("</td>");
            body.Append("</tr>\n");
        }
        if (body.Length == 0)
        {
            _html.Append("<p id=\"").Append(Encode(id)).Append("\">").Append(Encode(empty)).Append("</p>\n");
            return this;
        }
        _html.Append("<table id=\"").Append(Encode(id)).Append("\">\n<tr>");
        foreach (var header in headers)
            _html.Append("<th>").Append(Encode(header)).Append("</th>");
        _html.Append("</tr>\n").Append(body).Append("</table>\n");
        return this;
    }

    internal void AppendRaw(string html) => _html.Append(html);

    public override string ToString() => _html.ToString();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
