using Cdf.Client.Configuration;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Configuration;

public class FirewallOptionsValidatorTests
{
    private static readonly FirewallOptionsValidator Validator = new();

    [Fact]
    public void AValidConfigurationSucceedsAndCompiles()
    {
        var options = Scenario.Options();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal(options.Policies.Count, FirewallOptionsValidator.Compile(options).Rules.Count);
    }

    [Fact]
    public void APolicyErrorFailsWithTheCompilersLine()
    {
        var options = Scenario.Options();
        options.HandoverDefault = "maybe";

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(["Firewall:HandoverDefault: 'maybe' is neither 'permit' nor 'deny'"], result.Failures);
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));
        Assert.Equal("Firewall:HandoverDefault", e.Key);
    }

    [Fact]
    public void AChargingErrorComesBeforeAPolicyError()
    {
        var options = Scenario.Options();
        options.HandoverDefault = "maybe";
        options.Charging.VolumeLimit = -5;

        Assert.Equal(["Firewall:Charging:VolumeLimit: -5 must be 0 (none) or a positive number of octets"], Validator.Validate(null, options).Failures);
    }

    [Fact]
    public void AQueueErrorNamesItsKey()
    {
        var options = Scenario.Options();
        options.Queue.LogQueueCapacity = 0;

        Assert.Equal(["Firewall:Queue:LogQueueCapacity: 0 must be positive"], Validator.Validate(null, options).Failures);
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));
        Assert.Equal("Firewall:Queue:LogQueueCapacity", e.Key);
    }

    private static FirewallOptions WithCgf(int port = 3386)
    {
        var options = Scenario.Options();
        options.Charging.Cdf.Cgfs.Add(new CgfEndpointOptions { Host = "127.0.0.1", Port = port });
        return options;
    }

    [Fact]
    public void ChargingWithAValidCgfSucceeds()
    {
        Assert.True(Validator.Validate(null, WithCgf()).Succeeded);
    }

    [Fact]
    public void ADeliveryErrorIsNamedByTheFirewallsKey()
    {
        var options = WithCgf(port: 0);

        Assert.Equal(["Firewall:Charging:Cgfs:0:Port: 0 is not a port (1-65535)"], Validator.Validate(null, options).Failures);
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));
        Assert.Equal("Firewall:Charging:Cgfs:0:Port", e.Key);
    }

    [Fact]
    public void AT3OutsideTheRetransmissionRangeIsADeliveryError()
    {
        var options = WithCgf();
        options.Charging.Cdf.T3 = TimeSpan.Zero;

        Assert.Equal(["Firewall:Charging:T3: 00:00:00 must be between 00:00:00.0100000 and 1.00:00:00"], Validator.Validate(null, options).Failures);
    }

    [Fact]
    public void AnEmptyOutboxIsNamedByTheFirewallsKeyForIt()
    {
        var options = WithCgf();
        options.Charging.Outbox = " ";

        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));
        Assert.Equal("Firewall:Charging:Outbox", e.Key);
        Assert.Equal("Firewall:Charging:Outbox: must name the outbox file", e.Message);
    }

    [Fact]
    public void ADeliveryErrorComesBeforeTheFirewallsOwnChargingError()
    {
        var options = WithCgf(port: 70000);
        options.Charging.VolumeLimit = -5;

        Assert.Equal(["Firewall:Charging:Cgfs:0:Port: 70000 is not a port (1-65535)"], Validator.Validate(null, options).Failures);
    }

    [Fact]
    public void DeliverySettingsAreNotCheckedWhileChargingIsOff()
    {
        var options = Scenario.Options();
        options.Charging.Cdf.Window = 0;
        options.Charging.Outbox = "";

        Assert.True(Validator.Validate(null, options).Succeeded);
    }
}
