namespace Gtp.Firewall.Gtp;

/// <summary>Registered UDP ports: TS 29.060 §19 (2123, 2152), TS 09.60 / TS 32.295 (3386).</summary>
public static class GtpPorts
{
    public const ushort Control = 2123;
    public const ushort User = 2152;
    public const ushort V0AndPrime = 3386;
}
