namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// A Bearer Context inside a PDN Connection (TS 29.274 Table 7.3.6-3): the EBI (mandatory), the SGW user-plane
/// F-TEID (instance 0) and the PGW S5/S8-U F-TEID (instance 1); either F-TEID may be absent (address none).
/// </summary>
public readonly record struct PdnBearerContext(byte Ebi, FullyQualifiedTeid ServingUser, FullyQualifiedTeid AnchorUser)
{
    /// <summary>Reads the grouped IE's <paramref name="value"/>; a malformed F-TEID of any instance is <see cref="DropReason.IeMalformed"/>.</summary>
    public static DropReason TryRead(ReadOnlySpan<byte> value, out PdnBearerContext bearer)
    {
        bearer = default;
        byte ebi = 0;
        var hasEbi = false;
        FullyQualifiedTeid serving = default;
        FullyQualifiedTeid anchor = default;
        var reader = new GtpV2IeReader(value);
        while (reader.MoveNext())
        {
            if (reader.Type == GtpV2IeType.Ebi && EpsBearerId.TryRead(reader.Value, out var read))
            {
                ebi = read;
                hasEbi = true;
            }
            else if (reader.Type == GtpV2IeType.FTeid)
            {
                if (!FullyQualifiedTeid.TryParse(reader.Value, out var f))
                {
                    return DropReason.IeMalformed;
                }
                if (reader.Instance == 0)
                {
                    serving = f;
                }
                else if (reader.Instance == 1)
                {
                    anchor = f;
                }
            }
        }
        if (reader.Status != DropReason.None)
        {
            return reader.Status;
        }
        if (!hasEbi)
        {
            return DropReason.MandatoryIeMissing;
        }
        bearer = new PdnBearerContext(ebi, serving, anchor);
        return DropReason.None;
    }
}
