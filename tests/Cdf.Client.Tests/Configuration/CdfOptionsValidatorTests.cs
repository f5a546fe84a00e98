using Cdf.Client.Configuration;

namespace Cdf.Client.Tests.Configuration;

public sealed class CdfOptionsValidatorTests
{
    private static readonly CdfOptionsValidator Validator = new();

    private static CdfOptions Valid() => new()
    {
        Cgfs = [new CgfEndpointOptions { Host = "127.0.0.1", Port = 3386, LocalAddress = "127.0.0.1", LocalPort = 0 }],
        StatePath = "cdf.db",
    };

    private static List<string> Failures(CdfOptions options)
    {
        var result = Validator.Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void DefaultsWithOneCgfAreValid()
    {
        Assert.True(Validator.Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void TheLimitsThemselvesAreValid()
    {
        var options = Valid();
        options.MaxCdrsPerRequest = 255;
        options.Window = 1;
        options.MaxCdrsInFlight = 1;
        options.N3 = 1;
        options.BusyRetryDelay = TimeSpan.Zero;
        options.Cgfs[0].Port = 65535;
        options.Cgfs[0].LocalPort = 65535;
        options.Cgfs[0].LocalAddress = "";
        options.Cgfs.Add(new CgfEndpointOptions { Host = "cgf2.example", Port = 1, LocalAddress = "::1" });
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void NoCgfIsAFailure()
    {
        var options = Valid();
        options.Cgfs.Clear();
        Assert.Equal(["Cdf:Cgfs: at least one CGF is needed"], Failures(options));
    }

    [Theory]
    [InlineData(0, "Cdf:MaxCdrsPerRequest: 0 must be 1-255 (Number of Data Records is one octet)")]
    [InlineData(-1, "Cdf:MaxCdrsPerRequest: -1 must be 1-255 (Number of Data Records is one octet)")]
    [InlineData(256, "Cdf:MaxCdrsPerRequest: 256 must be 1-255 (Number of Data Records is one octet)")]
    public void CdrsPerRequestMustFitTheOneOctetCount(int value, string expected)
    {
        var options = Valid();
        options.MaxCdrsPerRequest = value;
        Assert.Equal([expected], Failures(options));
    }

    [Fact]
    public void WindowCdrsInFlightAndN3MustBeAtLeastOne()
    {
        var options = Valid();
        options.Window = 0;
        options.MaxCdrsInFlight = 0;
        options.N3 = 0;
        Assert.Equal(
            [
                "Cdf:Window: 0 must be at least 1",
                "Cdf:MaxCdrsInFlight: 0 must be at least 1",
                "Cdf:N3: 0 must be at least 1 (transmissions of a request)",
            ],
            Failures(options));
    }

    [Fact]
    public void T3IsWithinTheRetransmissionPolicysRangeTimersArePositiveAndTheBusyDelayNotNegative()
    {
        var options = Valid();
        options.T3 = TimeSpan.Zero;
        options.EchoInterval = TimeSpan.FromSeconds(-1);
        options.BusyRetryDelay = TimeSpan.FromMilliseconds(-1);
        Assert.Equal(
            [
                "Cdf:T3: 00:00:00 must be between 00:00:00.0100000 and 1.00:00:00",
                "Cdf:EchoInterval: -00:00:01 must be positive",
                "Cdf:BusyRetryDelay: -00:00:00.0010000 must not be negative",
            ],
            Failures(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(11)]
    [InlineData(129)]
    public void TheDataRecordFormatIsOneACgfStores(int format)
    {
        var options = Valid();
        options.DataRecordFormat = (byte)format;
        Assert.Equal([$"Cdf:DataRecordFormat: {format} must be 1 (BER), 2 (unaligned PER) or 3 (aligned PER); a CGF refuses other formats"], Failures(options));
        options.DataRecordFormat = 3;
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void TheApplicationAndReleaseIdentifiersFitTheirNibble()
    {
        var options = Valid();
        options.ApplicationIdentifier = 16;
        options.ReleaseIdentifier = 15;
        Assert.Equal(["Cdf:ApplicationIdentifier: 16 must be 0-15 (4 bits in IE 252)"], Failures(options));
        options.ApplicationIdentifier = 15;
        options.ReleaseIdentifier = 16;
        Assert.Equal(["Cdf:ReleaseIdentifier: 16 must be 0-15 (4 bits in IE 252)"], Failures(options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void StatePathMustNameAFile(string path)
    {
        var options = Valid();
        options.StatePath = path;
        Assert.Equal(["Cdf:StatePath: must name the outbox file"], Failures(options));
    }

    [Fact]
    public void EachEndpointIsCheckedAndNamedByItsIndex()
    {
        var options = Valid();
        options.Cgfs.Add(new CgfEndpointOptions { Host = " ", Port = 0, LocalAddress = "cdf.local", LocalPort = -1 });
        options.Cgfs.Add(new CgfEndpointOptions { Host = "10.0.0.3", Port = 65536, LocalPort = 65536 });
        Assert.Equal(
            [
                "Cdf:Cgfs:1:Host: must not be empty",
                "Cdf:Cgfs:1:Port: 0 is not a port (1-65535)",
                "Cdf:Cgfs:1:LocalPort: -1 is not a port (0-65535, 0 = ephemeral)",
                "Cdf:Cgfs:1:LocalAddress: 'cdf.local' is not an IP address",
                "Cdf:Cgfs:2:Port: 65536 is not a port (1-65535)",
                "Cdf:Cgfs:2:LocalPort: 65536 is not a port (0-65535, 0 = ephemeral)",
            ],
            Failures(options));
    }

    [Fact]
    public void AllFailuresAreReportedTogether()
    {
        var options = new CdfOptions { StatePath = "", MaxCdrsPerRequest = 0, N3 = 0 };
        Assert.Equal(
            [
                "Cdf:Cgfs: at least one CGF is needed",
                "Cdf:StatePath: must name the outbox file",
                "Cdf:MaxCdrsPerRequest: 0 must be 1-255 (Number of Data Records is one octet)",
                "Cdf:N3: 0 must be at least 1 (transmissions of a request)",
            ],
            Failures(options));
    }
}
