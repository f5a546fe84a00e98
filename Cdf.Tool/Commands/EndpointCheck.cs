using Cdf.Client.Configuration;
using Operations.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Tool.Commands;

/// <summary>
/// Checks, before the outbox is opened, what the client would otherwise find out half-way through its start: that each
/// CGF host resolves and each local address can be bound. The failure then names the host or address.
/// </summary>
internal static class EndpointCheck
{
    /// <param name="fromCommandLine">The CGFs came from --cgf (else from Cdf:Cgfs): the line names what the operator wrote.</param>
    /// <exception cref="CommandFailure">An unresolvable host (exit 2) or a local address this machine cannot bind (exit 3).</exception>
    public static void Check(IReadOnlyList<CgfEndpointOptions> cgfs, bool fromCommandLine)
    {
        for (var i = 0; i < cgfs.Count; i++)
        {
            var endpoint = cgfs[i];
            var name = fromCommandLine ? $"--cgf {endpoint.Host}:{endpoint.Port}" : $"Cdf:Cgfs:{i}:Host {endpoint.Host}";
            var addresses = Resolve(endpoint.Host, name);
            if (string.IsNullOrEmpty(endpoint.LocalAddress))
                continue;
            var local = IPAddress.Parse(endpoint.LocalAddress);
            var localName = fromCommandLine ? $"--local {endpoint.LocalAddress}:{endpoint.LocalPort}" : $"Cdf:Cgfs:{i}:LocalAddress {endpoint.LocalAddress}";
            if (!addresses.Any(a => a.AddressFamily == local.AddressFamily))
                throw CommandFailure.Usage($"{localName}: not of the address family of {endpoint.Host}");
            using var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(local, endpoint.LocalPort));
            }
            catch (SocketException exception)
            {
                throw CommandFailure.Environment($"{localName}: cannot bind: {exception.Message}", exception);
            }
        }
    }

    private static IPAddress[] Resolve(string host, string name)
    {
        if (IPAddress.TryParse(host, out var literal))
            return [literal];
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.Length > 0 ? addresses : throw CommandFailure.Usage($"{name}: '{host}' has no address");
        }
        catch (SocketException exception)
        {
            throw CommandFailure.Usage($"{name}: cannot resolve '{host}': {exception.Message}");
        }
    }
}
