using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.Support;

/// <summary>An engine plus recorded log lines and tunnel events; sends UDP payloads between addresses.</summary>
internal sealed class Harness : IFirewallLog, ITunnelObserver
{
    public Harness(FirewallOptions? options = null)
    {
        Engine = new GtpInspectionEngine(FirewallPolicyCompiler.Compile(options ?? Scenario.Options()), this, this);
    }

    public GtpInspectionEngine Engine { get; }
    public DateTime Now { get; set; } = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);
    public List<FirewallLogEntry> Log { get; } = new();
    public List<(string Event, TunnelInfo Tunnel)> Events { get; } = new();

    public InspectionResult Packet(byte[] ipPacket) => Engine.Inspect(ipPacket, Now);

    public InspectionResult Control(string src, string dst, byte[] gtp) => Packet(Ip.Udp(src, dst, 2123, 2123, gtp));

    public InspectionResult User(string src, string dst, byte[] gtp) => Packet(Ip.Udp(src, dst, 2152, 2152, gtp));

    public InspectionResult V0(string src, string dst, byte[] gtp) => Packet(Ip.Udp(src, dst, 3386, 3386, gtp));

    public static byte[] InnerPacket(int size = 100) => Ip.V4("100.64.0.1", "8.8.8.8", new byte[size - 20], protocol: 17);

    public TunnelInfo SingleContext() => Engine.Tunnels.Enumerate().Single(t => t.Kind == TunnelKind.Context);

    public void Write(in FirewallLogEntry entry) => Log.Add(entry);

    public void TunnelCreated(in TunnelInfo tunnel) => Events.Add(("created", tunnel));

    public void TunnelUpdated(in TunnelInfo tunnel, IpAddress128 previousServingControl, IpAddress128 previousServingUser) => Events.Add(("updated", tunnel));

    public void TunnelDeleted(in TunnelInfo tunnel, TunnelDeleteReason reason) => Events.Add(($"deleted:{reason}", tunnel));
}
