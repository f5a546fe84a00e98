using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary><c>set security gtp apn-control NAME (apn STRING | rate-limit (alarm-threshold | drop-threshold) N)</c>.</summary>
internal sealed class JunosApnControl(Origin origin)
{
    public Origin Origin { get; } = origin;
    public string? Apn { get; set; }
    public int? AlarmThreshold { get; set; }
    public int? DropThreshold { get; set; }
}
