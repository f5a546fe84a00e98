using Microsoft.Extensions.Configuration;
using Operations.Configuration;

namespace Operations.Tests.Configuration;

public sealed class ConfigurationSchemaTests
{
    private sealed class SampleOptions
    {
        public string NodeId { get; set; } = "";
        public string HandoverDefault { get; set; } = "permit";
        public StorageSample Storage { get; set; } = new();
        public List<PeerSample> Peers { get; set; } = [];
        public Dictionary<string, StorageSample> Named { get; set; } = [];
        public List<string> Addresses { get; set; } = [];
        public TimeSpan T3 { get; set; }
        public StorageSample GetOnly { get; } = new();
        public string Computed => NodeId;
        public StorageSample ComputedObject => new() { Path = NodeId };
    }

    private sealed class StorageSample
    {
        public string Path { get; set; } = "";
        public long MaxDatabaseSize { get; set; }
    }

    private sealed class PeerSample
    {
        public string Address { get; set; } = "";
    }

    private sealed class ExtraSample
    {
        public int Window { get; set; }
    }

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build()
            .GetSection("Firewall");

    private static List<string> Unknown(ConfigurationSchema schema, params (string Key, string Value)[] values) =>
        schema.FindUnknown(Section(values)).Select(u => u.ToString()).ToList();

    [Fact]
    public void EveryKeyTheBinderReadsIsAccepted()
    {
        var unknown = Unknown(ConfigurationSchema.For<SampleOptions>(),
            ("Firewall:nodeid", "x"),
            ("Firewall:Storage:Path", "a.db"),
            ("Firewall:Storage:MAXDATABASESIZE", "5"),
            ("Firewall:Peers:0:Address", "10.0.0.1"),
            ("Firewall:Named:any-name:Path", "p"),
            ("Firewall:Addresses:0", "x"),
            ("Firewall:T3", "00:00:03"),
            ("Firewall:GetOnly:Path", "x"),
            ("Other:Whatever", "not ours"));
        Assert.Empty(unknown);
    }

    [Fact]
    public void ATypoIsNamedWithTheNearestValidKey()
    {
        var unknown = Unknown(ConfigurationSchema.For<SampleOptions>(), ("Firewall:HandoverDefualt", "deny"));
        Assert.Equal(["unknown key Firewall:HandoverDefualt (did you mean Firewall:HandoverDefault?)"], unknown);
    }

    [Fact]
    public void TyposInNestedObjectsListsAndDictionariesAreFound()
    {
        var unknown = Unknown(ConfigurationSchema.For<SampleOptions>(),
            ("Firewall:Storage:Pathh", "a.db"),
            ("Firewall:Peers:1:Adress", "10.0.0.1"),
            ("Firewall:Named:x:MaxDatabaseSise", "1"));
        Assert.Equal(
            [
                "unknown key Firewall:Named:x:MaxDatabaseSise (did you mean Firewall:Named:x:MaxDatabaseSize?)",
                "unknown key Firewall:Peers:1:Adress (did you mean Firewall:Peers:1:Address?)",
                "unknown key Firewall:Storage:Pathh (did you mean Firewall:Storage:Path?)",
            ],
            unknown.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("Firewall:Computed")]
    [InlineData("Firewall:ComputedObject:Path")]
    public void AReadOnlyComputedPropertyIsNotASetting(string key)
    {
        // The binder sets neither: a value there would be silently ignored.
        var unknown = Unknown(ConfigurationSchema.For<SampleOptions>(), (key, "x"));
        Assert.Single(unknown);
        Assert.StartsWith($"unknown key {key.Split(':')[0]}:{key.Split(':')[1]}", unknown[0]);
    }

    [Fact]
    public void ASingleValueWithChildrenIsRefused()
    {
        var unknown = Unknown(ConfigurationSchema.For<SampleOptions>(), ("Firewall:NodeId:Sub", "x"));
        Assert.Equal(["unknown key Firewall:NodeId:Sub (Firewall:NodeId is a single value)"], unknown);
    }

    [Fact]
    public void ASectionBoundTwiceAcceptsTheKeysOfBothTypes()
    {
        var schema = ConfigurationSchema.For<SampleOptions>().AlsoAt("Storage", typeof(ExtraSample));
        Assert.Empty(Unknown(schema, ("Firewall:Storage:Window", "5"), ("Firewall:Storage:Path", "p")));
        Assert.Equal(["unknown key Firewall:Storage:Windo (did you mean Firewall:Storage:Window?)"],
            Unknown(schema, ("Firewall:Storage:Windo", "5")));
    }

    [Fact]
    public void TheValidatorFailsWithEveryUnknownKey()
    {
        var section = Section(("Firewall:Storag:Path", "x"));
        var result = new KnownKeysValidator<SampleOptions>(section, ConfigurationSchema.For<SampleOptions>()).Validate(null, new SampleOptions());
        Assert.True(result.Failed);
        Assert.Equal("unknown key Firewall:Storag (did you mean Firewall:Storage?)", result.FailureMessage);
    }
}
