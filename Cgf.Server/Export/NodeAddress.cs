using Cgf.Server.Configuration;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cgf.Server.Export;

/// <summary>The "IP address of node that generated file" of the TS 32.297 file header.</summary>
internal static class NodeAddress
{
    public static IPAddress Resolve(CgfOptions options) => Resolve(options, options.Export);

    /// <summary>With <paramref name="export"/> the Cgf:Export settings in force (they reload live).</summary>
    public static IPAddress Resolve(CgfOptions options, ExportOptions export)
    {
        if (export.NodeAddress is { Length: > 0 } configured)
            return IPAddress.Parse(configured);
        if (IPAddress.TryParse(options.Listen.Address, out var listen) && !listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
            return listen;
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                    continue;
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                        return unicast.Address;
                }
            }
        }
        catch (NetworkInformationException)
        {
        }
        return IPAddress.Loopback;
    }
}
