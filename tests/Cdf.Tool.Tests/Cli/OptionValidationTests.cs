using Cdf.Tool.Tests.Infrastructure;

namespace Cdf.Tool.Tests.Cli;

/// <summary>The tool checks its options with the library's validator: every broken setting on one line, exit 2.</summary>
public sealed class OptionValidationTests
{
    [Fact]
    public async Task SendNamesEveryInvalidSettingAndExitsTwo()
    {
        using var directory = new TempDirectory();
        using var cdf = CdfProcess.Start("send", "--cgf", "127.0.0.1:0", "--state", directory.File("cdf.db"), "--cdrs-per-request", "256", "--n3", "0");
        Assert.Equal(2, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Cdf:Cgfs:0:Port: 0 is not a port (1-65535)", cdf.Output);
        Assert.Contains("Cdf:MaxCdrsPerRequest: 256 must be 1-255", cdf.Output);
        Assert.Contains("Cdf:N3: 0 must be at least 1", cdf.Output);
        Assert.False(File.Exists(directory.File("cdf.db")));
    }
}
