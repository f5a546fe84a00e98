namespace Storage.Cgf;

/// <summary>What <c>Cgf.Server status</c> prints: the database's counts, readable while the server runs.</summary>
public sealed record CgfStatus(
    int RestartCounter,
    long CommittedCdrs,
    long PendingCdrs,
    long PossiblyDuplicateCdrs,
    long QuarantinedCdrs,
    long ExportedCdrs,
    long PendingPackets,
    IReadOnlyList<CgfPeerStatus> Peers,
    // CDRs in a Data Record Format no CDR file may carry, set aside by the exporter (CdrStatus.Withheld).
    long WithheldCdrs = 0,
    Retention.CgfRetentionState? Retention = null,
    Delivery.CgfDeliveryStatus? Delivery = null);

public sealed record CgfPeerStatus(
    string Address,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, long> Requests);
