namespace Gtp.Firewall.Gtp.V0;

/// <summary>
/// GTPv0 Tunnel Identifier (TS 09.60 §6.1): IMSI (15 TBCD digits, low nibble first) and the NSAPI in the
/// high nibble of the eighth octet. IMSIs are kept in the same 8-octet TBCD form as the v1 IMSI IE, with
/// that nibble set to the filler 0xF, so a TID and an IMSI IE of the same subscriber compare equal.
/// </summary>
public static class Tid
{
    public static ulong Imsi(ulong tid) => tid | 0xF0UL;

    public static byte Nsapi(ulong tid) => (byte)((tid >> 4) & 0x0F);

    public static ulong Create(ulong imsi, byte nsapi) => (imsi & ~0xF0UL) | ((ulong)(nsapi & 0x0F) << 4);
}
