using Gtp.Firewall.Configuration;

namespace Gtp.Firewall.Tests.Inline;

public class QueueOptionsTests
{
    private const string Minimal = """"{ "Firewall": { "Queue": QUEUE } }"""";

    [Fact]
    public void TheQueueIsANumberOrAnObject()
    {
        var number = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", "7"));
        var section = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", """{ "Number": 9, "FailOpen": false, "MaxLength": 100 }"""));
        var absent = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "HandoverDefault": "permit" } }""");

        Assert.Equal((7, true), (number.Queue.Number, number.Queue.FailOpen));
        Assert.Equal((9, false, 100), (section.Queue.Number, section.Queue.FailOpen, section.Queue.MaxLength));
        Assert.Equal((0, true), (absent.Queue.Number, absent.Queue.FailOpen));
    }

    [Fact]
    public void ABadQueueIsOneLineNamingTheKey()
    {
        var text = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", "\"first\"")));
        var range = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", """{ "Number": 70000 }"""));

        Assert.Equal("Firewall:Queue: 'first' is not a queue number", text.Message);
        Assert.Equal("Firewall:Queue:Number: 70000 is not 0-65535", range.Queue.Validate());
    }
}
