namespace Gtp.Firewall.Gtp;

/// <summary>PLMN identity octets (TS 24.008 §10.5.1.3 / TS 29.274 §8.18): MCC2|MCC1, MNC3|MCC3, MNC2|MNC1; MNC3 = F for 2 digits.</summary>
public static class PlmnId
{
    /// <summary>The MCC and MNC digits, or null when an octet holds a non-digit (other than the F filler of MNC3).</summary>
    public static (string Mcc, string Mnc)? Decode(ReadOnlySpan<byte> octets)
    {
        if (octets.Length < 3)
            return null;
        int mcc1 = octets[0] & 0x0F, mcc2 = octets[0] >> 4, mcc3 = octets[1] & 0x0F;
        int mnc3 = octets[1] >> 4, mnc1 = octets[2] & 0x0F, mnc2 = octets[2] >> 4;
        if (mcc1 > 9 || mcc2 > 9 || mcc3 > 9 || mnc1 > 9 || mnc2 > 9 || (mnc3 > 9 && mnc3 != 0x0F))
            return null;
        var mcc = $"{mcc1}{mcc2}{mcc3}";
        return (mcc, mnc3 == 0x0F ? $"{mnc1}{mnc2}" : $"{mnc1}{mnc2}{mnc3}");
    }
}
