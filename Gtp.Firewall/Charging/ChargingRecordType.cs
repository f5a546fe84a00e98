namespace Gtp.Firewall.Charging;

/// <summary>The usage CDR a GTPv2 bearer gives (<c>Firewall:Charging:RecordType</c>; docs/cdr-formats.md).</summary>
public enum ChargingRecordType
{
    /// <summary>sGWRecord [78]: the firewall bills as the SGW would.</summary>
    SgwCdr,
    /// <summary>pGWRecord [79]: a firewall on S5/S8 billing as the home PGW would, volumes in listOfServiceData.</summary>
    PgwCdr,
}
