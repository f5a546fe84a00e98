using Cdf.Client.Delivery;
using Charging.GtpPrime;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;

namespace Cdf.Client.Tests.Delivery;

/// <summary>Every cause value the delivery loop tells apart, and unknown ones, for each kind of answer (expected actions by name: the enums are internal).</summary>
public sealed class ResponseCauseClassifierTests
{
    private const PacketTransferCommand Send = PacketTransferCommand.SendDataRecordPacket;
    private const PacketTransferCommand SendPossiblyDuplicated = PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket;

    [Theory]
    [InlineData(128, nameof(DataResponseAction.Acknowledge))]
    [InlineData(177, nameof(DataResponseAction.Acknowledge))]
    [InlineData(252, nameof(DataResponseAction.Acknowledge))]
    [InlineData(253, nameof(DataResponseAction.Acknowledge))]
    [InlineData(199, nameof(DataResponseAction.RetryLater))]
    [InlineData(193, nameof(DataResponseAction.Park))]
    [InlineData(198, nameof(DataResponseAction.Park))]
    [InlineData(200, nameof(DataResponseAction.Park))]
    [InlineData(201, nameof(DataResponseAction.Park))]
    [InlineData(202, nameof(DataResponseAction.Park))]
    [InlineData(203, nameof(DataResponseAction.Park))]
    [InlineData(204, nameof(DataResponseAction.Park))]
    [InlineData(254, nameof(DataResponseAction.Park))]
    [InlineData(255, nameof(DataResponseAction.Park))]
    [InlineData(63, nameof(DataResponseAction.Park))]
    [InlineData(0, nameof(DataResponseAction.Park))]
    [InlineData(129, nameof(DataResponseAction.Park))]
    [InlineData(240, nameof(DataResponseAction.Park))]
    public void AnAnswerToASendIsActedOnByItsCause(int cause, string expected) =>
        Assert.Equal(expected, ResponseCauseClassifier.ClassifyData((GtpPrimeCause)cause, Send).ToString());

    [Theory]
    [InlineData(128, nameof(DataResponseAction.Hold))]
    [InlineData(177, nameof(DataResponseAction.Hold))]
    [InlineData(253, nameof(DataResponseAction.Hold))]
    [InlineData(252, nameof(DataResponseAction.CompleteChain))]
    [InlineData(199, nameof(DataResponseAction.RetryLater))]
    [InlineData(193, nameof(DataResponseAction.Park))]
    [InlineData(198, nameof(DataResponseAction.Park))]
    [InlineData(201, nameof(DataResponseAction.Park))]
    [InlineData(204, nameof(DataResponseAction.Park))]
    [InlineData(254, nameof(DataResponseAction.Park))]
    [InlineData(255, nameof(DataResponseAction.Park))]
    [InlineData(0, nameof(DataResponseAction.Park))]
    [InlineData(240, nameof(DataResponseAction.Park))]
    public void AnAnswerToASendPossiblyDuplicatedIsActedOnByItsCause(int cause, string expected) =>
        Assert.Equal(expected, ResponseCauseClassifier.ClassifyData((GtpPrimeCause)cause, SendPossiblyDuplicated).ToString());

    [Fact]
    public void TheCauseOfAnAnswerIsItsCauseIeOrVersionNotSupportedOrElseInvalidMessageFormat()
    {
        Assert.Equal(GtpPrimeCause.MandatoryIeMissing, ResponseCauseClassifier.CauseOf(new DataRecordTransferResponse(GtpPrimeCause.MandatoryIeMissing, [7])));
        Assert.Equal(GtpPrimeCause.VersionNotSupported, ResponseCauseClassifier.CauseOf(new VersionNotSupported()));
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, ResponseCauseClassifier.CauseOf(new EchoResponse(1)));
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, ResponseCauseClassifier.CauseOf(null));
    }

    [Theory]
    [InlineData(199, false, nameof(ProbeAnswer.RetryLater))]
    [InlineData(199, true, nameof(ProbeAnswer.RetryLater))]
    [InlineData(128, false, nameof(ProbeAnswer.AskAgain))]
    [InlineData(128, true, nameof(ProbeAnswer.Absent))]
    [InlineData(252, false, nameof(ProbeAnswer.Present))]
    [InlineData(252, true, nameof(ProbeAnswer.Present))]
    [InlineData(253, false, nameof(ProbeAnswer.Present))]
    [InlineData(253, true, nameof(ProbeAnswer.Present))]
    [InlineData(177, false, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(193, false, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(201, true, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(254, false, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(255, false, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(0, false, nameof(ProbeAnswer.AssumedAbsent))]
    [InlineData(240, true, nameof(ProbeAnswer.AssumedAbsent))]
    public void ATestPacketAnswerSaysWhetherTheCgfHadTheOldRequest(int cause, bool askedAgain, string expected) =>
        Assert.Equal(expected, ResponseCauseClassifier.ReadTestPacketAnswer((GtpPrimeCause)cause, askedAgain).ToString());

    [Theory]
    [InlineData(199, nameof(ProbeAnswer.RetryLater))]
    [InlineData(128, nameof(ProbeAnswer.Absent))]
    [InlineData(253, nameof(ProbeAnswer.Absent))]
    [InlineData(254, nameof(ProbeAnswer.Absent))]
    [InlineData(193, nameof(ProbeAnswer.Absent))]
    [InlineData(0, nameof(ProbeAnswer.Absent))]
    public void AnAnsweredCancelOfAnEarlierCopyLeavesItAbsentUnlessTheCgfIsBusy(int cause, string expected) =>
        Assert.Equal(expected, ResponseCauseClassifier.ReadCancelAnswer((GtpPrimeCause)cause).ToString());

    [Theory]
    [InlineData(128, nameof(ResolutionAction.Complete))]
    [InlineData(253, nameof(ResolutionAction.Complete))]
    [InlineData(254, nameof(ResolutionAction.AlreadyResolved))]
    [InlineData(199, nameof(ResolutionAction.RetryLater))]
    [InlineData(177, nameof(ResolutionAction.Park))]
    [InlineData(193, nameof(ResolutionAction.Park))]
    [InlineData(202, nameof(ResolutionAction.Park))]
    [InlineData(252, nameof(ResolutionAction.Park))]
    [InlineData(255, nameof(ResolutionAction.Park))]
    [InlineData(0, nameof(ResolutionAction.Park))]
    [InlineData(240, nameof(ResolutionAction.Park))]
    public void AReleaseOrCancelAnswerCompletesRetriesOrParksTheHeldCopy(int cause, string expected) =>
        Assert.Equal(expected, ResponseCauseClassifier.ClassifyResolution((GtpPrimeCause)cause).ToString());
}
