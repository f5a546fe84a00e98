using Gtp.Firewall.Logging;

namespace Gtp.Firewall.Tests.Logging;

public class SyslogTargetTests
{
    [Theory]
    [InlineData("127.0.0.1:5514", "127.0.0.1", 5514)]
    [InlineData("[::1]:514", "::1", 514)]
    [InlineData("[2001:db8::1]:6514", "2001:db8::1", 6514)]
    [InlineData("syslog.example.net:1514", "syslog.example.net", 1514)]
    [InlineData("loghost", "loghost", 514)]
    [InlineData("10.0.0.9", "10.0.0.9", 514)]
    [InlineData(" loghost:99 ", "loghost", 99)]
    public void ValidTargetsParse(string text, string host, int port)
    {
        Assert.True(SyslogTarget.TryParse(text, out var target));
        Assert.Equal(new SyslogTarget(host, port), target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("loghost:0")]
    [InlineData("loghost:70000")]
    [InlineData("loghost:abc")]
    [InlineData(":514")]
    [InlineData("bad host:514")]
    [InlineData("127.0.0.1:0")]
    public void InvalidTargetsAreRejected(string? text)
    {
        Assert.False(SyslogTarget.TryParse(text, out _));
    }

    [Fact]
    public void ToStringBracketsIPv6()
    {
        Assert.Equal("[::1]:514", new SyslogTarget("::1", 514).ToString());
        Assert.Equal("loghost:514", new SyslogTarget("loghost", 514).ToString());
    }
}
