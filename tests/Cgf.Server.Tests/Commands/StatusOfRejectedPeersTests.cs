using Cgf.Server.Tests.Infrastructure;
using System.Text.Json;

namespace Cgf.Server.Tests.Commands;

/// <summary>
/// <c>status --json</c> lists every peer that sent anything: a peer whose requests were all rejected at decode is there,
/// with its requests counted by cause (hand-built bad requests over real UDP to a real Cgf.Server).
/// </summary>
public sealed class StatusOfRejectedPeersTests
{
    // Data Record Transfer Request, sequence 9: a Data Record Packet IE (252) whose length 0x5001 overruns the message.
    private const string IeOverrunsMessage = "4ef0000600097e01fc005001";
    // Data Record Transfer Request, sequence 10: Packet Transfer Command 1 (send) and no Data Record Packet.
    private const string SendWithoutPacket = "4ef00002000a7e01";

    [Fact]
    public async Task APeerWhoseRequestsWereAllRejectedIsListedWithItsCauses()
    {
        using var directory = new TempDirectory();
        using var cgf = await CgfProcess.StartAsync(FreePort.Get(), directory.File("cgf.db"));
        using var cdf = new UdpPeer(System.Net.IPAddress.Loopback);

        var overrun = await cdf.RequestAsync(Convert.FromHexString(IeOverrunsMessage), cgf.Endpoint);
        var missing = await cdf.RequestAsync(Convert.FromHexString(SendWithoutPacket), cgf.Endpoint);
        var again = await cdf.RequestAsync(Convert.FromHexString(IeOverrunsMessage), cgf.Endpoint);
        Assert.Equal(193, overrun.Cause);
        Assert.Equal(202, missing.Cause);
        Assert.Equal(193, again.Cause);

        JsonElement requests = default;
        await Poll.UntilAsync(() =>
        {
            var result = CgfProcess.Run(null, "status", "--json", $"--Cgf:Storage:Path={cgf.DatabasePath}");
            Assert.True(result.ExitCode == 0, result.Stderr);
            var peers = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("peers").EnumerateArray().ToList();
            if (peers.Count == 0)
                return false;
            requests = Assert.Single(peers, p => p.GetProperty("address").GetString() == "127.0.0.1").GetProperty("requests").Clone();
            return requests.TryGetProperty("cause202", out _) && requests.GetProperty("cause193").GetInt64() == 2;
        });

        Assert.Equal(3, requests.GetProperty("malformed").GetInt64());
        Assert.Equal(2, requests.GetProperty("cause193").GetInt64());
        Assert.Equal(1, requests.GetProperty("cause202").GetInt64());
        Assert.False(requests.TryGetProperty("send", out _));
    }
}
