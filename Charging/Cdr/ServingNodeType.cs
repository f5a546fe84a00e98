namespace Charging.Cdr;

/// <summary>ServingNodeType ENUMERATED (docs/cdr-formats.md §2.5).</summary>
public enum ServingNodeType
{
    Sgsn = 0,
    PmipSgw = 1,
    GtpSgw = 2,
    Epdg = 3,
    Hsgw = 4,
    Mme = 5,
    Twan = 6,
}
