namespace Gtp.Firewall.Limits;

/// <summary>
/// An APN pattern (docs/gtp-firewall.md, "APN and IMSI-prefix filtering"): an exact APN, <c>*</c> (every APN),
/// <c>*SUFFIX</c> (Junos: the wildcard as first character, e.g. <c>*.example.com</c>), or <c>NI.*</c> (Junos
/// apn-control: any operator identifier after the network identifier NI, or none). Compared without case, as DNS
/// labels are (TS 23.003 §9.1).
/// </summary>
public sealed class ApnPattern
{
    private enum Form : byte
    {
        Any,
        Exact,
        Suffix,
        NetworkIdentifier,
    }

    private readonly Form _form;
    private readonly string _text;

    private ApnPattern(string pattern, Form form, string text)
    {
        Pattern = pattern;
        _form = form;
        _text = text;
    }

    public string Pattern { get; }

    /// <summary>Orders rules most specific first: exact, then the longer fixed text, then <c>*</c> last.</summary>
    public int Specificity => _form switch
    {
        Form.Exact => 1000 + _text.Length,
        Form.Any => 0,
        _ => 1 + _text.Length,
    };

    /// <summary>Parses a pattern; null with <paramref name="error"/> when it is not one of the accepted forms.</summary>
    public static ApnPattern? TryParse(string? pattern, out string? error)
    {
        error = null;
        var p = pattern?.Trim() ?? string.Empty;
        if (p.Length is 0 or > Gtp.AccessPointName.MaxLength)
        {
            error = $"APN pattern '{pattern}' must be 1-{Gtp.AccessPointName.MaxLength} characters";
            return null;
        }
        if (p == "*")
        {
            return new ApnPattern(p, Form.Any, string.Empty);
        }
        if (p.StartsWith('*') && p.IndexOf('*', 1) < 0)
        {
            return new ApnPattern(p, Form.Suffix, p[1..]);
        }
        if (p.EndsWith(".*", StringComparison.Ordinal) && p.IndexOf('*') == p.Length - 1 && p.Length > 2)
        {
            return new ApnPattern(p, Form.NetworkIdentifier, p[..^2]);
        }
        if (p.Contains('*'))
        {
            error = $"APN pattern '{pattern}' may hold '*' only as '*', first character, or '.*' at the end";
            return null;
        }
        return new ApnPattern(p, Form.Exact, p);
    }

    public bool Matches(ReadOnlySpan<char> apn) => _form switch
    {
        Form.Any => true,
        Form.Exact => apn.Equals(_text, StringComparison.OrdinalIgnoreCase),
        Form.Suffix => apn.EndsWith(_text, StringComparison.OrdinalIgnoreCase),
        _ => apn.Equals(_text, StringComparison.OrdinalIgnoreCase)
            || (apn.Length > _text.Length && apn[_text.Length] == '.' && apn.StartsWith(_text, StringComparison.OrdinalIgnoreCase)),
    };

    public override string ToString() => Pattern;
}
