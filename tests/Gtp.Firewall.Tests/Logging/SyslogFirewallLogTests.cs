using Gtp.Firewall.Logging;
using Gtp.Firewall.Tests.Support;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gtp.Firewall.Tests.Logging;

public class SyslogFirewallLogTests
{
    [Fact]
    public async Task DropsGoToStdoutAndToTheConfiguredUdpTarget()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        var lines = new StringWriter();
        var log = new SyslogFirewallLog(new SyslogOptions { Target = $"127.0.0.1:{port}", AppName = "gtp-fw", HostName = "fw1" }, lines);
        var h = new Harness();
        var engine = new Inspection.GtpInspectionEngine(h.Engine.Policy, log);

        engine.Inspect(Ip.Udp(V1Flow.Sgsn, V1Flow.Ggsn, 2152, 2152, Gtp1.GPdu(0xBAD, Harness.InnerPacket())), h.Now);

        var received = await receiver.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await log.DisposeAsync();
        var datagram = Encoding.UTF8.GetString(received.Buffer);
        Assert.StartsWith("<132>1 2026-11-22T08:00:00", datagram);
        Assert.Contains("fw1 gtp-fw", datagram);
        Assert.Contains("reason=\"NoTunnel\"", datagram);
        Assert.Equal(datagram.TrimEnd('\n'), lines.ToString().TrimEnd('\n', '\r'));
    }
}
