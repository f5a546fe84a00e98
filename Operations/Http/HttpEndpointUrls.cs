using System.Net;

namespace Operations.Http;

/// <summary>
/// Parses <see cref="HttpEndpointOptions.Urls"/> into addresses Kestrel listens on. Only plain HTTP on an IP literal or
/// <c>localhost</c>: the endpoint carries no authentication and no TLS, so where it listens must be explicit.
/// </summary>
public static class HttpEndpointUrls
{
    /// <summary>One listening address: an IP endpoint, or every loopback address for <c>localhost</c>.</summary>
    public readonly record struct Binding(IPAddress? Address, int Port, string Url)
    {
        public bool IsLocalhost => Address is null;
    }

    /// <summary>The bindings of <paramref name="urls"/> (none when empty = off), or false with one line naming the bad URL.</summary>
    public static bool TryParse(string? urls, out IReadOnlyList<Binding> bindings, out string? error)
    {
        var result = new List<Binding>();
        bindings = result;
        error = null;
        foreach (var text in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                error = $"'{text}' is not an http://ADDRESS:PORT URL";
                return false;
            }
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                error = $"'{text}' must not have a path, query or user (the endpoint serves /metrics, /healthz, /readyz and /)";
                return false;
            }
            if (uri.IsDefaultPort && !text.Contains(":80", StringComparison.Ordinal))
            {
                error = $"'{text}' has no port";
                return false;
            }
            if (uri.Port is < 1 or > 65535)
            {
                error = $"'{text}' has port {uri.Port}, not 1-65535";
                return false;
            }
            IPAddress? address = null;
            if (!uri.IsLoopback || uri.HostNameType != UriHostNameType.Dns)
            {
                if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out address))
                {
                    error = $"'{text}': host '{uri.Host}' is not an IP address or localhost";
                    return false;
                }
            }
            result.Add(new Binding(address, uri.Port, text));
        }
        return true;
    }
}
