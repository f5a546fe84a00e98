namespace Gtp.Firewall.Gtp;

/// <summary>Which GTP flavour a datagram was classified as (by UDP port and header version/PT).</summary>
public enum GtpProtocol : byte
{
    NotGtp = 0,
    /// <summary>GTP' (TS 32.295): port 3386, PT = 0. Counted and passed.</summary>
    GtpPrime,
    /// <summary>GTPv0 (TS 09.60): port 3386, PT = 1, version 0.</summary>
    V0,
    /// <summary>GTPv1-C (TS 29.060): port 2123, version 1.</summary>
    V1Control,
    /// <summary>GTPv1-U (TS 29.281): port 2152.</summary>
    V1User,
    /// <summary>GTPv2-C (TS 29.274): port 2123, version 2.</summary>
    V2Control,
}
