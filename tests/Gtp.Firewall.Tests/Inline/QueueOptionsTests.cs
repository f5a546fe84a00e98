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

    [Theory]
    [InlineData("""{ "Number": 0, "Count": 0 }""", "Firewall:Queue:Count: 0 is not 1-64")]
    [InlineData("""{ "Number": 0, "Count": 65 }""", "Firewall:Queue:Count: 65 is not 1-64")]
    [InlineData("""{ "Number": 65535, "Count": 2 }""", "Firewall:Queue:Count: queues 65535-65536 go past queue 65535")]
    public void ABadQueueCountIsOneLineNamingTheKey(string queue, string expected)
    {
        var options = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", queue));

        Assert.Equal(expected, options.Queue.Validate());
    }

    [Fact]
    public void CountQueuesFromNumberAreBoundAndNamedAsARange()
    {
        var two = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", """{ "Number": 65534, "Count": 2 }"""));
        var one = FirewallConfigurationLoader.BindJson(Minimal.Replace("QUEUE", "3"));

        Assert.Null(two.Queue.Validate());
        Assert.Equal([65534, 65535], two.Queue.Numbers);
        Assert.Equal(("queues 65534-65535", "queue 3"), (two.Queue.Describe(), one.Queue.Describe()));
    }
}
