using Gtp.Firewall.Configuration;
using Microsoft.Data.Sqlite;
using Storage.Cdf;
using System.Net;
using System.Net.Sockets;

namespace Gtp.Firewall.Charging;

/// <summary>
/// What charging needs from the machine, checked before any packet is judged: <c>run</c> binds the queue before it
/// starts charging, so without this an unwritable outbox or a CGF name that does not resolve would only show once
/// traffic flows. A host that is not a name at all is a configuration error; one that does not resolve, or an outbox
/// that cannot be opened, is the environment's.
/// </summary>
public static class ChargingPreflight
{
    /// <exception cref="FirewallConfigurationException">A CGF host that is neither an address nor a host name.</exception>
    /// <exception cref="ChargingStartException">A CGF host that does not resolve, or an outbox that cannot be opened.</exception>
    public static void Check(ChargingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
            return;
        for (var i = 0; i < options.Cdf.Cgfs.Count; i++)
        {
            var host = options.Cdf.Cgfs[i].Host;
            var key = $"{ChargingOptions.SectionPath}:Cgfs:{i}:Host";
            if (IPAddress.TryParse(host, out _))
                continue;
            if (Uri.CheckHostName(host) != UriHostNameType.Dns)
                throw new FirewallConfigurationException(key, $"'{host}' is neither an IP address nor a host name");
            try
            {
                if (Dns.GetHostAddresses(host).Length == 0)
                    throw new ChargingStartException($"{key}: '{host}' has no address");
            }
            catch (SocketException exception)
            {
                throw new ChargingStartException($"{key}: cannot resolve '{host}': {exception.Message}", exception);
            }
        }
        // Opening it is the test that counts (directory, permissions, a file that is not an outbox); start opens it again.
        var outbox = Path.GetFullPath(options.Outbox);
        try
        {
            new CdfOutbox(outbox).Dispose();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new ChargingStartException($"{ChargingOptions.SectionPath}:Outbox: cannot open {outbox}: {exception.Message}", exception);
        }
    }
}
