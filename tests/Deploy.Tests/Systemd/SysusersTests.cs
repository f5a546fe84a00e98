using Deploy.Tests.Support;

namespace Deploy.Tests.Systemd;

/// <summary>deploy/sysusers.d creates the users the units run as; systemd-sysusers writes them into a temporary root.</summary>
public class SysusersTests
{
    [SkippableFact]
    public void SystemdSysusersCreatesEachUnitsUserWithoutALoginShell()
    {
        SystemdAnalyzeTests.SkipUnlessInstalled(ExternalTool.SystemdSysusers);
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("etc"));

        var result = ExternalTool.Run(ExternalTool.SystemdSysusers, [$"--root={root.Path}", DeployFiles.Sysusers]);

        Assert.True(result.ExitCode == 0, result.ToString());
        // passwd(5): name:password:UID:GID:GECOS:home:shell
        var users = File.ReadAllLines(root.File("etc/passwd")).Select(line => line.Split(':')).ToDictionary(f => f[0]);
        foreach (var files in new[] { DeployFiles.Cgf, DeployFiles.Firewall })
        {
            var unit = UnitFile.Load(files.Unit);
            var user = users[unit.Single("User")!];
            Assert.Equal($"/var/lib/{unit.Values("StateDirectory")[0]}", user[5]);
            Assert.EndsWith("nologin", user[6]);
            Assert.True(int.Parse(user[2], System.Globalization.CultureInfo.InvariantCulture) is > 0 and < 1000, $"{user[0]} is not a system user");
        }
    }
}
