using Operations.Http;
using Storage.Cgf;

namespace Cgf.Server.Configuration;

/// <summary>Section <c>Cgf</c> of appsettings.json (also settable as --Cgf:Key=value and CGF__KEY variables).</summary>
public sealed class CgfOptions
{
    public const string SectionName = "Cgf";

    /// <summary>Operator-given node name (used in CDR file names and logs).</summary>
    public string NodeId { get; set; } = "CGF01";

    /// <summary>The database this CGF uses, as the storage layer takes it.</summary>
    /// <remarks>A method, not a property: configuration binding and the reload plan look at every property as a key.</remarks>
    public CgfStorageLocation StorageLocation() => new(Storage.Provider, Storage.Path, Storage.ConnectionString, NodeId);
    public ListenOptions Listen { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public RetentionOptions Retention { get; set; } = new();
    /// <summary>CDFs allowed to talk to this CGF: single addresses or CIDR prefixes.</summary>
    public List<string> Peers { get; set; } = [];
    /// <summary>GTP' port of peers this CGF originates requests to (Node Alive, Echo, Redirection).</summary>
    public int PeerPort { get; set; } = 3386;
    /// <summary>Address of Recommended Node sent in Redirection Requests (another CGF of the same PLMN).</summary>
    public string? RecommendedNode { get; set; }
    public TimeSpan PossiblyDuplicateHoldTime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>T3-RESPONSE: wait before retransmitting a request this CGF originated.</summary>
    public TimeSpan T3 { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>N3-REQUESTS: transmissions of a request before the peer is reported as not answering.</summary>
    public int N3 { get; set; } = 3;
    /// <summary>How long shutdown waits for Redirection Responses.</summary>
    public TimeSpan RedirectionWait { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>How recently a peer must have sent a request to be told of a shutdown or overload.</summary>
    public TimeSpan ActivePeerWindow { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The Echo period of the CDFs in Cgf:Peers (their Cdf:EchoInterval): a single-address peer silent for twice this raises peer_silent.</summary>
    public TimeSpan PeerEchoInterval { get; set; } = TimeSpan.FromSeconds(60);
    public OverloadOptions Overload { get; set; } = new();
    public ExportOptions Export { get; set; } = new();
    public DeliveryOptions Delivery { get; set; } = new();
    public LimitsOptions Limits { get; set; } = new();
    /// <summary>/metrics, /healthz, /readyz and the status page; loopback by default, empty Urls = off (docs/operations.md).</summary>
    public HttpEndpointOptions Http { get; set; } = new() { Urls = DefaultHttpUrls };

    public const string DefaultHttpUrls = "http://127.0.0.1:9386";
}

public sealed class ListenOptions
{
    /// <summary><c>::</c> listens on every IPv4 and IPv6 address (dual-mode socket).</summary>
    public string Address { get; set; } = "::";
    public int Port { get; set; } = 3386;
    public bool Udp { get; set; } = true;
    public bool Tcp { get; set; } = true;
    /// <summary>Concurrent receive loops on the UDP socket (each decodes and checks what it reads).</summary>
    public int UdpReceivers { get; set; } = 1;
}

public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (one file, the default) or <c>PostgreSql</c> (a database a pool of CGFs may share, docs/cgf-pool.md).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
    /// <summary>The SQLite file (Provider Sqlite).</summary>
    public string Path { get; set; } = "cgf.db";
    /// <summary>
    /// Npgsql connection string (Provider PostgreSql); several hosts with <c>Target Session Attributes=primary</c> follow a
    /// failover to the promoted standby.
    /// </summary>
    public string? ConnectionString { get; set; }
    /// <summary>Most requests joined into one transaction.</summary>
    public int MaxBatchRequests { get; set; } = 4096;
    /// <summary>
    /// Writers, each with its own connection and transaction, the CDFs shared out among them (PostgreSql only: an SQLite
    /// file has one writer). Unset: 1 on SQLite, <see cref="DefaultPostgreSqlWriters"/> on PostgreSQL (docs/cgf-pool.md "Writers").
    /// </summary>
    public int? Writers { get; set; }

    public const int DefaultPostgreSqlWriters = 2;

    /// <summary>The writers this storage runs: <see cref="Writers"/>, or the provider's default.</summary>
    public int EffectiveWriters => Writers ?? (Provider == StorageProvider.PostgreSql ? DefaultPostgreSqlWriters : 1);
    /// <summary>Cap on the database file and its WAL together, in bytes (0 = none). When reached, new requests are answered 199 as on a full disk.</summary>
    public long MaxDatabaseSize { get; set; }
    /// <summary>
    /// Free space on the database's volume, octets or a percent (<c>"5%"</c>), below which new Data Record Transfer
    /// Requests are answered 199 and the CGF is not ready; Node Alive tells active peers when it is above again.
    /// </summary>
    public string MinFreeDisk { get; set; } = DefaultMinFreeDisk;

    /// <summary>64 MiB: room for the transactions in flight (the fixed not-ready threshold of earlier versions).</summary>
    public const string DefaultMinFreeDisk = "67108864";
}

public sealed class OverloadOptions
{
    /// <summary>Queued requests above which new Data Record Transfer Requests are answered 199.</summary>
    public int HighWaterMark { get; set; } = 20000;
    /// <summary>Queued requests below which the overload is over (Node Alive announces it).</summary>
    public int LowWaterMark { get; set; } = 5000;
}
