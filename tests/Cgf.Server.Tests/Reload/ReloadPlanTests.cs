using Cgf.Server.Configuration;
using Cgf.Server.Reload;

namespace Cgf.Server.Tests.Reload;

/// <summary>Which keys a reload applies and which it leaves for a restart, named as in appsettings.json.</summary>
public sealed class ReloadPlanTests
{
    [Fact]
    public void SameOptionsChangeNothing()
    {
        var plan = ReloadPlan.Create(new CgfOptions(), new CgfOptions(), new CgfOptions());
        Assert.Empty(plan.Applied);
        Assert.Empty(plan.NeedRestart);
    }

    [Fact]
    public void PeersRecommendedNodeAndExportAreApplied()
    {
        var running = new CgfOptions { Peers = ["10.0.0.1", "10.0.0.2"] };
        var proposed = new CgfOptions
        {
            Peers = ["10.0.0.1", "10.9.0.0/16", "10.0.0.3"],
            RecommendedNode = "192.0.2.7",
            Export = new ExportOptions { Directory = "/srv/cdr", MaxCdrs = 5 },
        };

        var plan = ReloadPlan.Create(running, running, proposed);

        Assert.Equal(["Cgf:Export:Directory", "Cgf:Export:MaxCdrs", "Cgf:Peers:1", "Cgf:Peers:2", "Cgf:RecommendedNode"], plan.Applied);
        Assert.Empty(plan.NeedRestart);
    }

    [Fact]
    public void OtherSettingsAreNamedAsNeedingARestart()
    {
        var started = new CgfOptions();
        var proposed = new CgfOptions
        {
            NodeId = "CGF02",
            Listen = new ListenOptions { Port = 4000 },
            Storage = new StorageOptions { Path = "other.db" },
            T3 = TimeSpan.FromSeconds(9),
        };

        var plan = ReloadPlan.Create(started, started, proposed);

        Assert.Empty(plan.Applied);
        Assert.Equal(["Cgf:Listen:Port", "Cgf:NodeId", "Cgf:Storage:Path", "Cgf:T3"], plan.NeedRestart);
    }

    [Fact]
    public void LiveKeysCompareWithTheLastAppliedAndTheOthersWithTheStart()
    {
        var started = new CgfOptions { Peers = ["10.0.0.1"] };
        var running = new CgfOptions { Peers = ["10.0.0.2"], NodeId = "IGNORED" };
        var proposed = new CgfOptions { Peers = ["10.0.0.2"], NodeId = "IGNORED" };

        var plan = ReloadPlan.Create(started, running, proposed);

        // Peers are what the last reload applied; NodeId still differs from the running (start-up) value.
        Assert.Empty(plan.Applied);
        Assert.Equal(["Cgf:NodeId"], plan.NeedRestart);
    }

    [Fact]
    public void ARemovedRecommendedNodeIsAChange()
    {
        var running = new CgfOptions { RecommendedNode = "192.0.2.7" };

        var plan = ReloadPlan.Create(running, running, new CgfOptions());

        Assert.Equal(["Cgf:RecommendedNode"], plan.Applied);
    }
}
