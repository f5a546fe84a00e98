using Gtp.Firewall.Logging;

namespace Gtp.Firewall.Tests.Logging;

public class Rfc5424FormatterTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 8, 15, 0, TimeSpan.Zero);

    [Fact]
    public void AllFieldsAndEscapedParamValues()
    {
        var message = new SyslogMessage(
            SyslogFacility.Local4,
            SyslogSeverity.Notice,
            Time.AddTicks(1_234_560),
            "fw01",
            "gtp-fw",
            "1234",
            "GTP_DROP",
            [new SyslogStructuredElement(SyslogStructuredElement.FirewallId, new SyslogParameter("reason", "handover \"cross\" group"), new SyslogParameter("path", @"C:\tmp"), new SyslogParameter("set", "a]b"))],
            "dropped");

        Assert.Equal(
            """<165>1 2026-11-22T08:15:00.123456Z fw01 gtp-fw 1234 GTP_DROP [gtpfw@32473 reason="handover \"cross\" group" path="C:\\tmp" set="a\]b"] dropped""",
            Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void AbsentFieldsAreNilValue()
    {
        var message = new SyslogMessage(SyslogFacility.Kernel, SyslogSeverity.Emergency, null, null, null, null, null, [], null);

        Assert.Equal("<0>1 - - - - - -", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void EmptyStringsAreNilValueToo()
    {
        var message = new SyslogMessage(SyslogFacility.User, SyslogSeverity.Notice, null, "", "", "", "", [], "");

        Assert.Equal("<13>1 - - - - - -", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void Rfc5424Example1()
    {
        // RFC 5424 §6.5 Example 1, with the fraction written to six digits.
        var message = new SyslogMessage(
            SyslogFacility.Auth, SyslogSeverity.Critical, new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero),
            "mymachine.example.com", "su", null, "ID47", [], "'su root' failed for lonvick on /dev/pts/8");

        Assert.Equal("<34>1 2003-10-11T22:14:15.003000Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void Rfc5424Example3WithSeveralElements()
    {
        // RFC 5424 §6.5 Example 3 plus a second element (Example 4 style).
        var message = new SyslogMessage(
            SyslogFacility.Local4, SyslogSeverity.Notice, new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero),
            "mymachine.example.com", "evntslog", null, "ID47",
            [
                new SyslogStructuredElement("exampleSDID@32473", new SyslogParameter("iut", "3"), new SyslogParameter("eventSource", "Application"), new SyslogParameter("eventID", "1011")),
                new SyslogStructuredElement("examplePriority@32473", new SyslogParameter("class", "high")),
            ],
            null);

        Assert.Equal(
            """<165>1 2003-10-11T22:14:15.003000Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]""",
            Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void ElementWithoutParametersIsJustItsId()
    {
        var message = new SyslogMessage(SyslogFacility.Local0, SyslogSeverity.Informational, null, null, null, null, null, [new SyslogStructuredElement("origin")], "m");

        Assert.Equal("<134>1 - - - - - [origin] m", Rfc5424Formatter.Format(message));
    }

    [Theory]
    [InlineData(SyslogFacility.Kernel, SyslogSeverity.Emergency, 0)]
    [InlineData(SyslogFacility.User, SyslogSeverity.Notice, 13)]
    [InlineData(SyslogFacility.Auth, SyslogSeverity.Critical, 34)]
    [InlineData(SyslogFacility.Local0, SyslogSeverity.Warning, 132)]
    [InlineData(SyslogFacility.Local7, SyslogSeverity.Debug, 191)]
    public void PriorityIsFacilityTimesEightPlusSeverity(SyslogFacility facility, SyslogSeverity severity, int expected)
    {
        Assert.Equal(expected, Rfc5424Formatter.Priority(facility, severity));
        Assert.StartsWith($"<{expected}>1 ", Rfc5424Formatter.Format(new SyslogMessage(facility, severity, null, null, null, null, null, [], null)));
    }

    [Fact]
    public void TimestampWithOffsetIsWrittenInUtc()
    {
        var message = new SyslogMessage(SyslogFacility.User, SyslogSeverity.Notice, new DateTimeOffset(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(2)), null, null, null, null, [], null);

        Assert.Equal("<13>1 2026-11-22T08:15:00.000000Z - - - - -", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void HeaderFieldsKeepOnlyPrintableAsciiAndTheirMaximumLength()
    {
        var message = new SyslogMessage(
            SyslogFacility.User, SyslogSeverity.Notice, null, "my host", "gtp fw é", "12", new string('M', 40), [], null);

        Assert.Equal($"<13>1 - my_host gtp_fw__ 12 {new string('M', 32)} -", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void SdNamesLoseForbiddenCharacters()
    {
        var message = new SyslogMessage(
            SyslogFacility.User, SyslogSeverity.Notice, null, null, null, null, null, [new SyslogStructuredElement("a b]", new SyslogParameter("k=\"", "v"))], null);

        Assert.Equal("<13>1 - - - - - [a_b_ k__=\"v\"]", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void ControlCharactersBecomeOctalEscapesAndUnicodeIsKept()
    {
        var message = new SyslogMessage(
            SyslogFacility.User, SyslogSeverity.Notice, null, null, null, null, null, [new SyslogStructuredElement("x@1", new SyslogParameter("apn", "inter\tnet.ü"))], "line1\nline2\0");

        Assert.Equal("<13>1 - - - - - [x@1 apn=\"inter#011net.ü\"] line1#012line2#000", Rfc5424Formatter.Format(message));
    }

    [Fact]
    public void MessageIsNotEscapedForStructuredDataCharacters()
    {
        var message = new SyslogMessage(SyslogFacility.User, SyslogSeverity.Notice, null, null, null, null, null, [], "a \"b\" [c] \\d");

        Assert.Equal("<13>1 - - - - - - a \"b\" [c] \\d", Rfc5424Formatter.Format(message));
    }
}
