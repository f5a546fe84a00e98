using System.Globalization;
using System.Text;

namespace Gtp.Firewall.Logging;

/// <summary>
/// Writes <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]</c> (RFC 5424 §6).
/// </summary>
/// <remarks>
/// Choices the RFC leaves open: the timestamp is converted to UTC and written with microseconds (§6.2.3 allows
/// up to six fraction digits); MSG is written as MSG-ANY, without a BOM (§6.4); header fields keep only PRINTUSASCII
/// (other characters become '_') and are cut to their maximum lengths (§6.2.4–§6.2.7); control characters in
/// PARAM-VALUE and MSG are written as '#' and three octal digits, as §8.2 permits, so every message is one line.
/// </remarks>
public static class Rfc5424Formatter
{
    public const string NilValue = "-";                 // §6.2: NILVALUE
    public const int Version = 1;                       // §6.2.2

    private const int MaxHostNameLength = 255;          // §6.2.4
    private const int MaxAppNameLength = 48;            // §6.2.5
    private const int MaxProcIdLength = 128;            // §6.2.6
    private const int MaxMsgIdLength = 32;              // §6.2.7
    private const int MaxSdNameLength = 32;             // §6.3.2, §6.3.3: SD-NAME

    /// <summary>PRIVAL = facility × 8 + severity (§6.2.1).</summary>
    public static int Priority(SyslogFacility facility, SyslogSeverity severity) => ((int)facility * 8) + (int)severity;

    public static string Format(SyslogMessage message)
    {
        var builder = new StringBuilder(128);
        Format(message, builder);
        return builder.ToString();
    }

    public static void Format(SyslogMessage message, StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(builder);

        builder.Append('<').Append(Priority(message.Facility, message.Severity).ToString(CultureInfo.InvariantCulture)).Append('>')
            .Append(Version.ToString(CultureInfo.InvariantCulture)).Append(' ');
        AppendTimestamp(builder, message.Timestamp);
        builder.Append(' ');
        AppendHeaderField(builder, message.HostName, MaxHostNameLength);
        builder.Append(' ');
        AppendHeaderField(builder, message.AppName, MaxAppNameLength);
        builder.Append(' ');
        AppendHeaderField(builder, message.ProcId, MaxProcIdLength);
        builder.Append(' ');
        AppendHeaderField(builder, message.MsgId, MaxMsgIdLength);
        builder.Append(' ');
        AppendStructuredData(builder, message.StructuredData);
        if (!string.IsNullOrEmpty(message.Message))
        {
            builder.Append(' ');
            AppendEscaped(builder, message.Message, escapeSdSpecials: false);
        }
    }

    /// <summary>Appends a PARAM-VALUE with '"', '\' and ']' escaped by a backslash (§6.3.3).</summary>
    public static void AppendParamValue(StringBuilder builder, string value) => AppendEscaped(builder, value, escapeSdSpecials: true);

    // §6.2.3: FULL-DATE "T" FULL-TIME, here always UTC ("Z") with TIME-SECFRAC of six digits.
    private static void AppendTimestamp(StringBuilder builder, DateTimeOffset? timestamp)
    {
        if (timestamp is not { } value)
        {
            builder.Append(NilValue);
            return;
        }

        builder.Append(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture));
    }

    // HOSTNAME / APP-NAME / PROCID / MSGID: NILVALUE or 1*n PRINTUSASCII (%d33-126).
    private static void AppendHeaderField(StringBuilder builder, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            builder.Append(NilValue);
            return;
        }

        var length = Math.Min(value.Length, maxLength);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            builder.Append(c is >= '!' and <= '~' ? c : '_');
        }
    }

    // STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT (§6.3).
    private static void AppendStructuredData(StringBuilder builder, IReadOnlyList<SyslogStructuredElement>? elements)
    {
        if (elements is null || elements.Count == 0)
        {
            builder.Append(NilValue);
            return;
        }

        foreach (var element in elements)
        {
            builder.Append('[');
            AppendSdName(builder, element.Id);
            foreach (var parameter in element.Parameters)
            {
                builder.Append(' ');
                AppendSdName(builder, parameter.Name);
                builder.Append("=\"");
                AppendParamValue(builder, parameter.Value ?? string.Empty);
                builder.Append('"');
            }

            builder.Append(']');
        }
    }

    // SD-NAME = 1*32 PRINTUSASCII except '=', SP, ']', '"' (§6.3.2). '@' is kept: it separates a private SD-ID's enterprise number.
    private static void AppendSdName(StringBuilder builder, string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            builder.Append('_');
            return;
        }

        var length = Math.Min(name.Length, MaxSdNameLength);
        for (var i = 0; i < length; i++)
        {
            var c = name[i];
            builder.Append(c is >= '!' and <= '~' and not ('=' or ']' or '"') ? c : '_');
        }
    }

    private static void AppendEscaped(StringBuilder builder, string value, bool escapeSdSpecials)
    {
        foreach (var c in value)
        {
            if (escapeSdSpecials && c is '"' or '\\' or ']')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < ' ' || c == '\x7F')
            {
                // §8.2: control characters MAY be rewritten, e.g. NUL as "#000".
                builder.Append('#').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            }
            else
            {
                builder.Append(c);
            }
        }
    }
}
