using Cgf.Server.Commands;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Tests.Commands;

/// <summary>The one-shot commands validate section Cgf with the server's validators.</summary>
public sealed class CommandConfigurationTests
{
    [Fact]
    public void OverridesAreBound()
    {
        var options = CommandConfiguration.Load(["--Cgf:Storage:Path=/tmp/x.db", "--Cgf:NodeId", "CGF07"]);

        Assert.Equal("/tmp/x.db", options.Storage.Path);
        Assert.Equal("CGF07", options.NodeId);
    }

    [Fact]
    public void CommandOptionsWinOverTheCommandLineConfiguration()
    {
        var options = CommandConfiguration.Load(["--Cgf:Export:MaxCdrs=10"], [new("Cgf:Export:MaxCdrs", "20")]);

        Assert.Equal(20, options.Export.MaxCdrs);
    }

    [Fact]
    public void EveryInvalidSettingIsReportedByItsKey()
    {
        var exception = Assert.Throws<OptionsValidationException>(() =>
            CommandConfiguration.Load(["--Cgf:Listen:Port=70000", "--Cgf:Export:MaxCdrs=0"]));

        Assert.Equal(["Cgf:Listen:Port 70000 is not in 1-65535", "Cgf:Export:MaxCdrs 0 is not in 1-10000000"], exception.Failures);
    }

    [Theory]
    [InlineData("00:00:00.005", "Cgf:T3 00:00:00.0050000 is not in 00:00:00.0100000-1.00:00:00")]
    [InlineData("2.00:00:00", "Cgf:T3 2.00:00:00 is not in 00:00:00.0100000-1.00:00:00")]
    [InlineData("00:00:00", "Cgf:T3 must be positive")]
    public void T3MustBeATimeoutThePolicyCanRun(string t3, string failure)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => CommandConfiguration.Load([$"--Cgf:T3={t3}"]));

        Assert.Equal([failure], exception.Failures);
    }
}
