namespace Gtp.Firewall.Configuration;

/// <summary>A Length-field range; a bound left out is 0 (Min) or 65535 (Max), the Junos defaults.</summary>
public sealed class LengthRangeOptions
{
    public int? Min { get; set; }
    public int? Max { get; set; }
}
