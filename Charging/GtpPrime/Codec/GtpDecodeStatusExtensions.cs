namespace Charging.GtpPrime.Codec;

public static class GtpDecodeStatusExtensions
{
    /// <summary>The cause a CGF answers a request with when it could not be decoded (null: drop, or VNS for versions 3-7).</summary>
    public static GtpPrimeCause? ToCause(this GtpDecodeStatus status) => status switch
    {
        GtpDecodeStatus.InvalidLength => GtpPrimeCause.InvalidMessageFormat,
        GtpDecodeStatus.InvalidMessageFormat => GtpPrimeCause.InvalidMessageFormat,
        GtpDecodeStatus.UnknownInformationElement => GtpPrimeCause.InvalidMessageFormat,
        GtpDecodeStatus.MandatoryIeMissing => GtpPrimeCause.MandatoryIeMissing,
        GtpDecodeStatus.MandatoryIeIncorrect => GtpPrimeCause.MandatoryIeIncorrect,
        GtpDecodeStatus.OptionalIeIncorrect => GtpPrimeCause.OptionalIeIncorrect,
        _ => null,
    };
}
