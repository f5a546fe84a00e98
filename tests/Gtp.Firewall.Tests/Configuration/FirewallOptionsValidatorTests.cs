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
}
