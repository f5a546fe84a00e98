using Charging.GtpPrime;

namespace Charging.Tests.GtpPrime;

public class GtpPrimeMessageTypeExtensionsTests
{
    [Theory]
    [InlineData(GtpPrimeMessageType.EchoRequest, GtpPrimeMessageType.EchoResponse)]
    [InlineData(GtpPrimeMessageType.NodeAliveRequest, GtpPrimeMessageType.NodeAliveResponse)]
    [InlineData(GtpPrimeMessageType.RedirectionRequest, GtpPrimeMessageType.RedirectionResponse)]
    [InlineData(GtpPrimeMessageType.DataRecordTransferRequest, GtpPrimeMessageType.DataRecordTransferResponse)]
    public void RequestsMapToTheirResponses(GtpPrimeMessageType request, GtpPrimeMessageType response)
    {
        Assert.True(request.IsRequest());
        Assert.Equal(response, request.ResponseType());
        Assert.False(response.IsRequest());
        Assert.Null(response.ResponseType());
    }

    [Fact]
    public void VersionNotSupportedIsNeitherRequestNorAnswerable()
    {
        Assert.False(GtpPrimeMessageType.VersionNotSupported.IsRequest());
        Assert.Null(GtpPrimeMessageType.VersionNotSupported.ResponseType());
    }

    [Fact]
    public void ExactlyTheNineGtpPrimeTypesAreDefined()
    {
        var defined = Enumerable.Range(0, 256).Where(t => ((GtpPrimeMessageType)t).IsDefined()).ToArray();
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7, 240, 241 }, defined);
    }
}
