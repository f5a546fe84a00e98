using Cgf.Server.Protocol;
using Charging.GtpPrime;

namespace Cgf.Server.Tests.Protocol;

/// <summary>The table of docs/gtp-prime.md §3.1, value by value at every range edge.</summary>
public sealed class RecordFormatCauseTests
{
    [Theory]
    [InlineData(0, GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(3, null)]
    [InlineData(4, GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(10, GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(11, GtpPrimeCause.ServiceNotSupported)]
    [InlineData(50, GtpPrimeCause.ServiceNotSupported)]
    [InlineData(51, GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(255, GtpPrimeCause.MandatoryIeIncorrect)]
    public void EachFormatHasItsAnswer(int format, GtpPrimeCause? expected) =>
        Assert.Equal(expected, RecordFormatCause.Refusal((byte)format));
}
