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
    Delivery.CgfDeliveryStatus? Delivery = null);

public sealed record CgfPeerStatus(
    string Address,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, long> Requests);
