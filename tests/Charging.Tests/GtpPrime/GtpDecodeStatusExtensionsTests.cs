using Charging.GtpPrime;
using Charging.GtpPrime.Codec;

namespace Charging.Tests.GtpPrime;

public class GtpDecodeStatusExtensionsTests
{
    [Theory]
    [InlineData(GtpDecodeStatus.InvalidLength, GtpPrimeCause.InvalidMessageFormat)]
    [InlineData(GtpDecodeStatus.InvalidMessageFormat, GtpPrimeCause.InvalidMessageFormat)]
    [InlineData(GtpDecodeStatus.UnknownInformationElement, GtpPrimeCause.InvalidMessageFormat)]
    [InlineData(GtpDecodeStatus.MandatoryIeMissing, GtpPrimeCause.MandatoryIeMissing)]
    [InlineData(GtpDecodeStatus.MandatoryIeIncorrect, GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(GtpDecodeStatus.OptionalIeIncorrect, GtpPrimeCause.OptionalIeIncorrect)]
    public void DecodeFaultsMapToTheirCause(GtpDecodeStatus status, GtpPrimeCause cause) => Assert.Equal(cause, status.ToCause());

    [Theory]
    [InlineData(GtpDecodeStatus.Success)]
    [InlineData(GtpDecodeStatus.NeedMoreData)]
    [InlineData(GtpDecodeStatus.NotGtpPrime)]
    [InlineData(GtpDecodeStatus.VersionNotSupported)]
    [InlineData(GtpDecodeStatus.UnknownMessageType)]
    public void StatusesThatAreNotAnsweredWithACauseMapToNull(GtpDecodeStatus status) => Assert.Null(status.ToCause());
}
