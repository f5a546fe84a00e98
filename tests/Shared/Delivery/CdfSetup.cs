using Cdf.Client.Configuration;
using Cdf.Client.Delivery;

namespace Tests.Shared.Delivery;

/// <summary>Builds CDF options and test CDRs.</summary>
internal static class CdfSetup
{
    /// <summary>One path per port, each with its own local UDP port on 127.0.0.1 (returned, for the CGF's PeerPort).</summary>
    public static CdfOptions Options(string statePath, params int[] cgfPorts)
    {
        var options = new CdfOptions
        {
            StatePath = statePath,
            MaxCdrsPerRequest = 10,
            Window = 32,
            // Generous for a loaded CI machine; failover tests shorten T3 themselves. A spurious "down"
            // heals through Echo.
            T3 = TimeSpan.FromSeconds(1),
            N3 = 3,
            EchoInterval = TimeSpan.FromSeconds(2),
            BusyRetryDelay = TimeSpan.FromMilliseconds(100),
        };
        foreach (var port in cgfPorts)
            options.Cgfs.Add(new CgfEndpointOptions { Host = "127.0.0.1", Port = port, LocalAddress = "127.0.0.1", LocalPort = FreePort.Get() });
        return options;
    }

    public static ReadOnlyMemory<byte>[] Records(int first, int count) =>
        Enumerable.Range(first, count).Select(i => (ReadOnlyMemory<byte>)TestCdrs.Sgw($"00101{i:D10}", i, i)).ToArray();

    public static async Task DrainAsync(this CdfClient client, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await client.WaitUntilDrainedAsync(cancellation.Token);
    }
}
