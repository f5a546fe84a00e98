namespace Gtp.Firewall.Gtp.V2;

/// <summary>EPS Bearer ID IE (73; TS 29.274 §8.8): the EBI is the low four bits of the first octet.</summary>
public static class EpsBearerId
{
    public static bool TryRead(ReadOnlySpan<byte> value, out byte ebi)
    {
        if (value.IsEmpty)
        {
            ebi = 0;
            return false;
        }
        ebi = (byte)(value[0] & 0x0F);
        return true;
    }
}
