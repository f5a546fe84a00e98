using System.Text.RegularExpressions;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>
/// The namespace tests install exactly the rules the operator documentation gives: each iptables / ip6tables line of
/// tests/netns/topology.sh, with the namespace taken out and the queue target as for one queue, is a line of the
/// README's inline rules block.
/// </summary>
public partial class DocumentedRulesTests
{
    [Fact]
    public void EveryRuleTheNamespaceTopologyInstallsIsDocumented()
    {
        var topology = File.ReadAllLines(Path.Combine(Repository.Root, "tests", "netns", "topology.sh"));
        var installed = topology
            .Select(l => InstalledRule().Match(l))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups["tool"].Value} {m.Groups["rule"].Value}".Replace("$target", "--queue-num 0", StringComparison.Ordinal))
            .ToList();
        var documented = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"))
            .Select(l => l.Trim())
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(4, installed.Count);
        Assert.All(installed, rule => Assert.Contains(rule, documented));
    }

    // ip netns exec "$F" iptables -w -A FORWARD … (the flush lines have no -A).
    [GeneratedRegex("""ip netns exec "\$F" (?<tool>ip6?tables) -w (?<rule>-A FORWARD .*)$""")]
    private static partial Regex InstalledRule();
}
