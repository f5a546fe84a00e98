using Deploy.Tests.Support;

namespace Deploy.Tests.Systemd;

/// <summary>
/// The units of deploy/systemd as systemd itself reads them: <c>systemd-analyze verify</c> (syntax, values, the
/// executables named) and <c>systemd-analyze security --offline</c> (what the hardening leaves exposed). The copy the
/// tools read names the built program instead of /opt, which exists only on an installed machine.
/// </summary>
public class SystemdAnalyzeTests
{
    [SkippableTheory]
    [InlineData("cgf")]
    [InlineData("gtp-firewall")]
    public void TheUnitAndItsDropInsPassSystemdAnalyzeVerify(string name)
    {
        SkipUnlessInstalled(ExternalTool.SystemdAnalyze);
        using var directory = new TempDirectory();
        var unit = CopyWithBuiltProgram(DeployFiles.Named(name), directory.Path);

        var result = ExternalTool.Run(ExternalTool.SystemdAnalyze, ["verify", unit]);

        // verify only warns about an unknown key or a value it cannot parse (exit 0), so any output fails too.
        Assert.True(result is { ExitCode: 0, StandardOutput: "", StandardError: "" }, result.ToString());
    }

    [SkippableFact]
    public void VerifyReportsAMisspelledKeyThatTheCheckAboveWouldFailOn()
    {
        SkipUnlessInstalled(ExternalTool.SystemdAnalyze);
        using var directory = new TempDirectory();
        var unit = CopyWithBuiltProgram(DeployFiles.Cgf, directory.Path);
        File.WriteAllText(unit, File.ReadAllText(unit).Replace("LimitNOFILE=", "LimitNOFILES=", StringComparison.Ordinal));

        var result = ExternalTool.Run(ExternalTool.SystemdAnalyze, ["verify", unit]);

        Assert.Contains("Unknown key 'LimitNOFILES'", result.StandardOutput + result.StandardError);
    }

    /// <summary>
    /// systemd's exposure score (0-100, printed divided by 10) must not grow: measured 13 for the CGF and 18 for the
    /// firewall, whose CAP_NET_ADMIN and missing PrivateUsers= (docs/deployment.md) cost 5.
    /// </summary>
    [SkippableTheory]
    [InlineData("cgf", 15)]
    [InlineData("gtp-firewall", 20)]
    public void TheHardeningKeepsTheExposureScoreAtOrBelow(string name, int threshold)
    {
        SkipUnlessInstalled(ExternalTool.SystemdAnalyze);
        using var directory = new TempDirectory();
        var unit = CopyWithBuiltProgram(DeployFiles.Named(name), directory.Path);

        var result = ExternalTool.Run(ExternalTool.SystemdAnalyze,
            ["security", "--offline=true", $"--threshold={threshold}", "--no-pager", unit]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableFact]
    public void TheSecurityCheckFailsAnUnhardenedUnit()
    {
        SkipUnlessInstalled(ExternalTool.SystemdAnalyze);
        using var directory = new TempDirectory();
        var unit = Path.Combine(directory.Path, "bare.service");
        File.WriteAllText(unit, $"[Service]\nExecStart={DeployFiles.Cgf.BuiltProgram}\n");

        var result = ExternalTool.Run(ExternalTool.SystemdAnalyze, ["security", "--offline=true", "--threshold=15", "--no-pager", unit]);

        Assert.NotEqual(0, result.ExitCode);
    }

    internal static void SkipUnlessInstalled(string tool) =>
        Skip.IfNot(ExternalTool.Exists(tool), ExternalTool.MissingReason(tool));

    /// <summary>
    /// Copies the unit and its drop-ins into <paramref name="directory"/> (verify reads drop-ins beside the unit),
    /// with the installed program's path replaced by the built one; returns the unit's path.
    /// </summary>
    private static string CopyWithBuiltProgram(DeployFiles files, string directory)
    {
        var text = File.ReadAllText(files.Unit);
        Assert.Contains($"ExecStart={files.InstalledProgram} ", text);
        Assert.True(File.Exists(files.BuiltProgram), $"{files.BuiltProgram} is not built");
        var unit = Path.Combine(directory, Path.GetFileName(files.Unit));
        File.WriteAllText(unit, text.Replace(files.InstalledProgram, files.BuiltProgram, StringComparison.Ordinal));
        if (Directory.Exists(files.DropInDirectory))
        {
            var dropIns = Directory.CreateDirectory(unit + ".d").FullName;
            foreach (var dropIn in Directory.GetFiles(files.DropInDirectory, "*.conf"))
            {
                File.WriteAllText(Path.Combine(dropIns, Path.GetFileName(dropIn)),
                    File.ReadAllText(dropIn).Replace(files.InstalledProgram, files.BuiltProgram, StringComparison.Ordinal));
            }
        }
        return unit;
    }
}
