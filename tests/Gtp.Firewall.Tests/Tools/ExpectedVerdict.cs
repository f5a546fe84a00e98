namespace Gtp.Firewall.Tests.Tools;

/// <summary>One line of a scapy script's <c>OUTPUT.verdicts.tsv</c>: the verdict the firewall should give a frame.</summary>
/// <param name="Frame">1-based frame number, as tshark counts.</param>
/// <param name="Verdict">"ALLOW" or "DENY".</param>
/// <param name="Reason">Why, in the words of the script's header table.</param>
internal sealed record ExpectedVerdict(int Frame, string Verdict, string Reason)
{
    public bool Allowed => Verdict == "ALLOW";
}
