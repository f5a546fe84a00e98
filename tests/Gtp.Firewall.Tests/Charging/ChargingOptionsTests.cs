using Cdf.Client.Configuration;
using Gtp.Firewall.Charging;

namespace Gtp.Firewall.Tests.Charging;

public sealed class ChargingOptionsTests
{
    [Fact]
    public void TheDeliveryDefaultsAreTheCdfOnesExceptTheOutboxFileAndTheWindow()
    {
        var options = new ChargingOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Cdf.Cgfs);
        Assert.Equal("firewall-cdf.db", options.Outbox);
        Assert.Equal("firewall-cdf.db", options.Cdf.StatePath);
        Assert.Equal(256, options.Cdf.Window);
        Assert.Equal(12800, options.Cdf.MaxCdrsInFlight);
        Assert.Equal(50, options.Cdf.MaxCdrsPerRequest);
        Assert.Equal(60000, options.Cdf.MaxRequestBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Cdf.T3);
        Assert.Equal(3, options.Cdf.N3);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Cdf.EchoInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Cdf.BusyRetryDelay);
    }

    [Fact]
    public void EachInstanceHasItsOwnDeliverySettings()
    {
        var first = new ChargingOptions();
        var second = new ChargingOptions();

        first.Outbox = "first.db";
        first.Cdf.Cgfs.Add(new CgfEndpointOptions());

        Assert.Equal("firewall-cdf.db", second.Outbox);
        Assert.Empty(second.Cdf.Cgfs);
    }

    [Fact]
    public void TheOutboxIsTheDeliveryStatePath()
    {
        var options = new ChargingOptions { Outbox = "fw.db" };
        Assert.Equal("fw.db", options.Cdf.StatePath);

        options.Cdf.StatePath = "other.db";
        Assert.Equal("other.db", options.Outbox);
    }

    [Fact]
    public void ChargingIsOnOnceACgfIsConfigured()
    {
        var options = new ChargingOptions();
        options.Cdf.Cgfs.Add(new CgfEndpointOptions { Host = "10.0.0.1" });

        Assert.True(options.Enabled);
    }

    [Fact]
    public void DefaultsAreValid()
    {
        Assert.Null(new ChargingOptions().Validate());
    }

    [Fact]
    public void ValidateChecksOnlyTheFirewallsOwnSettings()
    {
        var options = new ChargingOptions { Outbox = "" };
        options.Cdf.Window = 0;
        options.Cdf.T3 = TimeSpan.Zero;

        Assert.Null(options.Validate());
    }

    [Theory]
    [InlineData("", "Firewall:Charging:NodeId", "'' must be 1-20 printable ASCII characters (TS 32.298 nodeID)")]
    [InlineData("abcdefghijklmnopqrstu", "Firewall:Charging:NodeId", "'abcdefghijklmnopqrstu' must be 1-20 printable ASCII characters (TS 32.298 nodeID)")]
    public void ANodeIdOutsideTheNodeIdTypeIsRejected(string nodeId, string key, string message)
    {
        Assert.Equal((key, message), new ChargingOptions { NodeId = nodeId }.Validate());
    }

    [Fact]
    public void TwentyCharactersIsAValidNodeId()
    {
        Assert.Null(new ChargingOptions { NodeId = "abcdefghijklmnopqrst" }.Validate());
    }

    [Fact]
    public void ChargingCharacteristicsMustBeTwoOctets()
    {
        Assert.Equal(("Firewall:Charging:ChargingCharacteristics", "'08' must be 4 hex digits (2 octets)"), new ChargingOptions { ChargingCharacteristics = "08" }.Validate());
        Assert.Equal(("Firewall:Charging:ChargingCharacteristics", "'08zz' must be 4 hex digits (2 octets)"), new ChargingOptions { ChargingCharacteristics = "08zz" }.Validate());
    }

    [Theory]
    [InlineData("00:00:00", "00:00:00 must be positive and at most 01:00:00")]
    [InlineData("-00:00:01", "-00:00:01 must be positive and at most 01:00:00")]
    [InlineData("01:00:01", "01:00:01 must be positive and at most 01:00:00")]
    public void ACheckpointIntervalOutsideOneTickToAnHourIsRejected(string interval, string message)
    {
        Assert.Equal(("Firewall:Charging:CheckpointInterval", message), new ChargingOptions { CheckpointInterval = TimeSpan.Parse(interval) }.Validate());
        Assert.Null(new ChargingOptions { CheckpointInterval = TimeSpan.FromHours(1) }.Validate());
        Assert.Equal(TimeSpan.FromSeconds(10), new ChargingOptions().CheckpointInterval);
    }

    [Fact]
    public void AQueueOfNoRecordsIsRejected()
    {
        Assert.Equal(("Firewall:Charging:QueueCapacity", "0 must be at least 1"), new ChargingOptions { QueueCapacity = 0 }.Validate());
    }

    [Theory]
    [InlineData("SgwCdr", null)]
    [InlineData("sgwcdr", null)]
    [InlineData("PgwCdr", null)]
    [InlineData("Sgw", "Firewall:Charging:RecordType")]
    [InlineData("1", "Firewall:Charging:RecordType")]
    [InlineData("", "Firewall:Charging:RecordType")]
    public void TheRecordTypeIsSgwCdrOrPgwCdr(string value, string? key)
        => Assert.Equal(key, new ChargingOptions { RecordType = value }.Validate()?.Key);

    [Theory]
    [InlineData(0, "Firewall:Charging:MaxContainers")]
    [InlineData(101, "Firewall:Charging:MaxContainers")]
    [InlineData(1, null)]
    [InlineData(100, null)]
    public void MaxContainersIsBounded(int value, string? key)
        => Assert.Equal(key, new ChargingOptions { MaxContainers = value }.Validate()?.Key);

    [Fact]
    public void TheSubscriberKeysAreKnownToTheLoader()
    {
        var options = Firewall.Configuration.FirewallConfigurationLoader.BindJson("""
            { "Firewall": { "Charging": { "RecordType": "SgwCdr", "RatingGroup": 7, "ContainerOnUserLocationChange": true, "MaxContainers": 5 } } }
            """);
        Assert.Equal("SgwCdr", options.Charging.RecordType);
        Assert.Equal(7u, options.Charging.RatingGroup);
        Assert.True(options.Charging.ContainerOnUserLocationChange);
        Assert.Equal(5, options.Charging.MaxContainers);
        Assert.Equal(10, new ChargingOptions().MaxContainers);
    }
}
