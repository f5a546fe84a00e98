using Deploy.Tests.Support;
using System.Text.Json;

namespace Deploy.Tests.Systemd;

/// <summary>
/// What the units promise the README's installation: each program runs as its own user with its example configuration,
/// may write where that configuration keeps its files (ProtectSystem=strict makes everything else read-only), and
/// only the firewall holds a capability.
/// </summary>
public class UnitLayoutTests
{
    [Theory]
    [InlineData("cgf")]
    [InlineData("gtp-firewall")]
    public void TheProgramStartsFromOptWithTheExampleConfigurationFromEtc(string name)
    {
        var files = DeployFiles.Named(name);
        var unit = UnitFile.Load(files.Unit);

        Assert.Equal([name], unit.Values("ConfigurationDirectory"));
        Assert.Equal($"{files.InstalledProgram} run --config /etc/{name}/appsettings.json", unit.Single("ExecStart"));
        Assert.True(File.Exists(files.ExampleConfiguration), files.ExampleConfiguration);
        Assert.Equal($"/var/lib/{name}", unit.Single("WorkingDirectory"));
    }

    [Theory]
    [InlineData("cgf", "cgf")]
    [InlineData("gtp-firewall", "gtpfw")]
    public void TheProgramRunsAsItsOwnUserAndIsNotRestartedAfterAConfigurationError(string name, string user)
    {
        var unit = UnitFile.Load(DeployFiles.Named(name).Unit);

        Assert.Equal((user, user), (unit.Single("User"), unit.Single("Group")));
        Assert.Equal("/bin/kill -HUP $MAINPID", unit.Single("ExecReload"));
        Assert.Equal("on-failure", unit.Single("Restart"));
        // README "Exit codes": 2 is a usage or configuration error, which a restart would only repeat.
        Assert.Equal(["2"], unit.Values("RestartPreventExitStatus"));
        Assert.True(int.Parse(unit.Single("LimitNOFILE")!, System.Globalization.CultureInfo.InvariantCulture) >= 65536);
        Assert.Equal(["yes"], unit.Values("NoNewPrivileges"));
        Assert.Equal(["strict"], unit.Values("ProtectSystem"));
    }

    [Fact]
    public void OnlyTheFirewallHoldsACapabilityAndItIsCapNetAdmin()
    {
        var cgf = UnitFile.Load(DeployFiles.Cgf.Unit);
        var firewall = UnitFile.Load(DeployFiles.Firewall.Unit);

        Assert.True(cgf.Assigns("CapabilityBoundingSet") && cgf.Assigns("AmbientCapabilities"));
        Assert.Empty(cgf.Values("CapabilityBoundingSet"));
        Assert.Empty(cgf.Values("AmbientCapabilities"));
        Assert.Equal(["CAP_NET_ADMIN"], firewall.Values("CapabilityBoundingSet"));
        Assert.Equal(["CAP_NET_ADMIN"], firewall.Values("AmbientCapabilities"));
    }

    [Theory]
    [InlineData("cgf", "Cgf:Storage:Path", true)]
    [InlineData("cgf", "Cgf:Export:Directory", false)]
    [InlineData("gtp-firewall", "Firewall:Charging:Outbox", true)]
    public void TheExampleConfigurationKeepsItsFilesInAStateDirectoryTheServiceMayWrite(string name, string key, bool isFile)
    {
        var files = DeployFiles.Named(name);
        var unit = UnitFile.Load(files.Unit);
        var path = ConfigurationValue(files.ExampleConfiguration, key);

        Assert.True(Path.IsPathRooted(path), $"{key} '{path}' is relative");
        var directory = isFile ? Path.GetDirectoryName(path)! : path;
        // StateDirectory= creates /var/lib/X owned by User= before the start; ReadWritePaths= lifts ProtectSystem=strict.
        Assert.Contains(directory, unit.Values("StateDirectory").Select(d => $"/var/lib/{d}"));
        Assert.Contains(unit.Values("ReadWritePaths"), writable => directory == writable || directory.StartsWith(writable + "/", StringComparison.Ordinal));
    }

    private static string ConfigurationValue(string file, string key)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var element = json.RootElement;
        foreach (var part in key.Split(':'))
            element = element.GetProperty(part);
        return element.GetString()!;
    }
}
