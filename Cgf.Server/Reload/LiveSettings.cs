using Cgf.Server.Configuration;
using System.Net;

namespace Cgf.Server.Reload;

/// <summary>
/// The settings a reload may change while the CGF runs, parsed once: Cgf:Peers, Cgf:RecommendedNode and Cgf:Export.
/// Immutable; a reload replaces the whole snapshot, so a reader never sees peers of one file and export of another.
/// </summary>
public sealed class LiveSettings
{
    private LiveSettings(IReadOnlyList<IPNetwork> peers, IPAddress? recommendedNode, ExportOptions export)
    {
        Peers = peers;
        RecommendedNode = recommendedNode;
        Export = export;
    }

    /// <summary>Cgf:Peers as networks (validated before a snapshot is made, so every entry parses).</summary>
    public IReadOnlyList<IPNetwork> Peers { get; }
    public IPAddress? RecommendedNode { get; }
    public ExportOptions Export { get; }

    /// <summary>From options the validators accepted.</summary>
    public static LiveSettings From(CgfOptions options) => new(
        options.Peers.Select(p => PeerNetwork.TryParse(p, out var network) ? network : throw new ArgumentException($"Cgf:Peers entry '{p}' was not validated")).ToArray(),
        options.RecommendedNode is { Length: > 0 } node ? IPAddress.Parse(node) : null,
        options.Export);
}
