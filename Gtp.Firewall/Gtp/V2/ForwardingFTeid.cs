namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// One F-TEID inside a Bearer Context (93) of an indirect data forwarding message, with the bearer's EBI
/// (TS 29.274 §7.2.18/§7.2.19: every F-TEID instance of those bearer contexts is a data forwarding endpoint).
/// </summary>
public readonly record struct ForwardingFTeid(byte Ebi, FullyQualifiedTeid FTeid)
{
    /// <summary>
    /// Collects every F-TEID of the top-level Bearer Context IEs (instance 0). A malformed F-TEID is
    /// <see cref="DropReason.IeMalformed"/>; a bearer context without EBI is <see cref="DropReason.MandatoryIeMissing"/>.
    /// </summary>
    public static DropReason ReadAll(ReadOnlySpan<byte> ies, List<ForwardingFTeid> into)
    {
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV2IeType.BearerContext || reader.Instance != 0)
            {
                continue;
            }
            var status = BearerContext.TryRead(reader.Value, preferredFTeidInstance: 0, out var bearer);
            if (status != DropReason.None)
            {
                return status;
            }
            if (!bearer.Accepted)
            {
                continue;
            }
            var inner = new GtpV2IeReader(reader.Value);
            while (inner.MoveNext())
            {
                if (inner.Type == GtpV2IeType.FTeid && FullyQualifiedTeid.TryParse(inner.Value, out var f))
                {
                    into.Add(new ForwardingFTeid(bearer.Ebi, f));
                }
            }
        }
        return reader.Status;
    }
}
