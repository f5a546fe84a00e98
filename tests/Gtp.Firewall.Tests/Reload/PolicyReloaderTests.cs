using Gtp.Firewall.Configuration;
using Gtp.Firewall.Diagnostics;
using Gtp.Firewall.Inline;
using Gtp.Firewall.Policies;
using Gtp.Firewall.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json;

namespace Gtp.Firewall.Tests.Reload;

/// <summary>The reload of <c>run</c> without the queue: a real --config file, read again, validated and posted.</summary>
public class PolicyReloaderTests
{
    [Fact]
    public void AValidFileIsPostedAndCountedAsApplied()
    {
        using var directory = new TempDirectory();
        var changed = Scenario.Options();
        changed.Policies.RemoveAt(2);
        // Written before the reloader watches it: only the explicit reload below reads it.
        var path = Write(directory, changed);
        var mailbox = new PolicyMailbox();
        using var counters = new FirewallCounters();
        using var reloader = new PolicyReloader(path, Scenario.Options(), mailbox, counters, () => 0, NullLogger.Instance);

        reloader.Reload("test");

        Assert.True(mailbox.TryTake(out var policy));
        Assert.Equal(["vplmn-to-hplmn", "hplmn-to-vplmn"], policy.Rules.Select(r => r.Name));
        Assert.False(mailbox.TryTake(out _));
        Assert.Equal((1, 0), (counters.PolicyReloadsApplied, counters.PolicyReloadsRefused));
    }

    [Theory]
    [InlineData("{ \"Firewall\": { ")]
    [InlineData("{ \"Firewall\": { \"Policies\": [ { \"Name\": \"p\", \"FromZone\": \"nowhere\", \"ToZone\": \"hplmn\", \"Action\": \"permit\" } ] } }")]
    [InlineData("{ \"Other\": {} }")]
    public void AnInvalidFileIsRefusedAndNothingIsPosted(string text)
    {
        using var directory = new TempDirectory();
        var path = directory.File("firewall.json");
        File.WriteAllText(path, text);
        var mailbox = new PolicyMailbox();
        using var counters = new FirewallCounters();
        using var reloader = new PolicyReloader(path, Scenario.Options(), mailbox, counters, () => 0, NullLogger.Instance);

        reloader.Reload("test");

        Assert.False(mailbox.TryTake(out _));
        Assert.Equal((0, 1), (counters.PolicyReloadsApplied, counters.PolicyReloadsRefused));
    }

    [Fact]
    public async Task AChangeOfTheFileIsPostedWithoutSighup()
    {
        using var directory = new TempDirectory();
        var path = Write(directory, Scenario.Options());
        var mailbox = new PolicyMailbox();
        using var counters = new FirewallCounters();
        using var reloader = new PolicyReloader(path, Scenario.Options(), mailbox, counters, () => 0, NullLogger.Instance);

        Write(directory, Scenario.Options(handoverDefault: "deny"));

        FirewallPolicy? policy = null;
        await Poll.UntilAsync(() => mailbox.TryTake(out policy));
        Assert.False(policy!.HandoverDefaultPermit);
    }

    [Fact]
    public void TheMailboxGivesTheNewestPolicyOnce()
    {
        var mailbox = new PolicyMailbox();
        var first = FirewallPolicyCompiler.Compile(Scenario.Options());
        var second = FirewallPolicyCompiler.Compile(Scenario.Options());

        mailbox.Post(first);
        mailbox.Post(second);

        Assert.True(mailbox.TryTake(out var taken));
        Assert.Same(second, taken);
        Assert.False(mailbox.TryTake(out _));
    }

    // Computed properties (ChargingOptions.Enabled, CdfOptions.RecordFormat) are not settings: the loader refuses them.
    private static readonly JsonSerializerOptions SettingsOnly = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties.Where(p => p.Set is null))
                        property.ShouldSerialize = (_, _) => false;
                },
            },
        },
    };

    private static string Write(TempDirectory directory, FirewallOptions options)
    {
        var path = directory.File("firewall.json");
        File.WriteAllText(path, $"{{ \"Firewall\": {JsonSerializer.Serialize(options, SettingsOnly)} }}");
        return path;
    }
}
