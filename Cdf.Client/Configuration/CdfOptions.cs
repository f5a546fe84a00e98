using Charging.CdrFiles;

namespace Cdf.Client.Configuration;

/// <summary>Section <c>Cdf</c> of appsettings.json: the CGF pool and the delivery parameters.</summary>
public sealed class CdfOptions
{
    public const string SectionName = "Cdf";

    /// <summary>CGFs in priority order: traffic goes to the first one that is up.</summary>
    public List<CgfEndpointOptions> Cgfs { get; set; } = [];
    /// <summary>The outbox SQLite file.</summary>
    public string StatePath { get; set; } = "cdf.db";
    /// <summary>CDRs per Data Record Transfer Request, 1-255 (Number of Data Records is one octet).</summary>
    public int MaxCdrsPerRequest { get; set; } = 50;
    /// <summary>Largest encoded request; keeps a UDP datagram below typical MTU-free limits.</summary>
    public int MaxRequestBytes { get; set; } = 60000;
    /// <summary>Data Record Transfer Requests in flight per CGF (see also <see cref="MaxCdrsInFlight"/>).</summary>
    public int Window { get; set; } = 1024;
    /// <summary>
    /// CDRs in flight per CGF: the window in requests is cut to this divided by <see cref="MaxCdrsPerRequest"/>
    /// (256 requests at 50 CDRs each). More only queues at the CGF and adds latency; at 1 CDR per request the
    /// full window is needed, since each round trip holds two fsyncs.
    /// </summary>
    public int MaxCdrsInFlight { get; set; } = 12800;
    /// <summary>T3-RESPONSE (TS 29.060): wait for a response before retransmitting.</summary>
    public TimeSpan T3 { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>N3-REQUESTS: transmissions of a request before its CGF is marked down.</summary>
    public int N3 { get; set; } = 3;
    /// <summary>Echo Request period per CGF (StarOS default 60 s, docs/gtp-prime.md §5.2).</summary>
    public TimeSpan EchoInterval { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Wait after cause 199 (No resources available) before sending the request again.</summary>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>First sequence number of a path the outbox has never used (tests start near 65535 to cross the wrap).</summary>
    public ushort InitialSequenceNumber { get; set; } = 1;
    /// <summary>Addresses a Redirection Request may send this CDF to (must also be in <see cref="Cgfs"/>).</summary>
    public List<string> AllowedRecommendedNodes { get; set; } = [];

    // The Data Record Packet identifiers (IE 252; docs/gtp-prime.md §3.1) of CDRs enqueued without their own.
    // The defaults describe the records the firewall and `cdf send --generate` produce: BER, application 1,
    // Release Identifier 0 + extension 17 (Rel-17), version 17.2 coded 2 + 1.

    /// <summary>Data Record Format: 1 BER, 2 unaligned PER, 3 aligned PER.</summary>
    public byte DataRecordFormat { get; set; } = CdrRecordFormat.Ber;
    /// <summary>Application Identifier, 0-15.</summary>
    public byte ApplicationIdentifier { get; set; } = 1;
    /// <summary>Release Identifier, 0-15: the TS release (3 R99 … 15), or 0 with <see cref="ReleaseIdentifierExtension"/> from Rel-16 on.</summary>
    public byte ReleaseIdentifier { get; set; }
    /// <summary>Version Identifier: the second digit of the TS version plus 1.</summary>
    public byte VersionIdentifier { get; set; } = 3;
    /// <summary>The release (16 and later) when <see cref="ReleaseIdentifier"/> is 0; not sent otherwise.</summary>
    public byte ReleaseIdentifierExtension { get; set; } = 17;

    /// <summary>The five identifiers above as one value.</summary>
    public CdrRecordFormat RecordFormat =>
        new(DataRecordFormat, ApplicationIdentifier, ReleaseIdentifier, VersionIdentifier, ReleaseIdentifierExtension);
}
