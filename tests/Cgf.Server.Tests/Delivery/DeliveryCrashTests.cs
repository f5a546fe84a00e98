using Cgf.Server.Tests.Delivery.Infrastructure;
using Cgf.Server.Tests.Export.Infrastructure;
using Storage.Cgf;

namespace Cgf.Server.Tests.Delivery;

/// <summary>
/// The deliverer is a real child process (<c>Cgf.Server deliver</c>) that kills itself with SIGKILL at a step (test hook
/// CGF_DELIVERY_CRASH_AT), against a real OpenSSH server; the next run must leave every file on the destination exactly
/// once, complete, and recorded.
/// </summary>
public class DeliveryCrashTests
{
    private const int Cdrs = 30_000;
    private const int PerFile = 10_000;

    [SkippableTheory]
    [InlineData("during-upload", false)]
    [InlineData("before-rename", false)]
    [InlineData("after-rename", false)]
    [InlineData("after-rename", true)]
    public void KilledDelivererNeitherLosesNorRepeatsAFile(string step, bool billingTookTheFileMeanwhile)
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        var records = ExportedFiles.Add(database, Cdrs, PerFile);
        var exported = Exports.ReadFiles(database.ExportDirectory).Select(f => Path.GetFileName(f.Path)).ToArray();
        Assert.Equal(3, exported.Length);
        using var server = new SshServer();
        string[] deliver = ["deliver", $"--Cgf:Storage:Path={database.Path}", $"--Cgf:Export:Directory={database.ExportDirectory}",
            $"--Cgf:NodeId={Exports.NodeId}", .. server.Arguments(0)];

        var crashed = CgfProcess.Run(new Dictionary<string, string> { ["CGF_DELIVERY_CRASH_AT"] = step }, deliver);
        Assert.True(crashed.ExitCode == 137, crashed.Stderr); // 128 + SIGKILL
        Assert.Contains($"CGF_DELIVERY_CRASH_AT={step}", crashed.Stderr);
        var temporary = Path.Combine(server.RemoteDirectory, "." + exported[0] + ".part");
        var final = Path.Combine(server.RemoteDirectory, exported[0]);
        var length = new FileInfo(Path.Combine(database.ExportDirectory, exported[0])).Length;
        switch (step)
        {
            case "during-upload":
                Assert.False(File.Exists(final));
                Assert.True(!File.Exists(temporary) || new FileInfo(temporary).Length < length, "the upload was cut short");
                break;
            case "before-rename":
                Assert.False(File.Exists(final));
                Assert.Equal(length, new FileInfo(temporary).Length);
                break;
            default:
                Assert.False(File.Exists(temporary));
                Assert.Equal(length, new FileInfo(final).Length);
                break;
        }
        Assert.Equal(3, CgfStatusReader.Read(database.Path).Delivery!.UndeliveredFiles);
        if (billingTookTheFileMeanwhile)
            File.Move(final, Path.Combine(server.Root, "billing-took-" + exported[0]));

        var resumed = CgfProcess.Run(null, deliver);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        Assert.Contains(step switch
        {
            "during-upload" => $"Delivered {exported[0]}",
            "before-rename" => "renamed the complete temporary file left by the stop",
            _ when billingTookTheFileMeanwhile => "renamed before the stop and already taken from the destination",
            _ => "found complete under its final name, size and SHA-256 checked",
        }, resumed.Stdout + resumed.Stderr);

        Assert.Empty(Directory.GetFiles(server.RemoteDirectory, ".*"));
        var remote = ExportedFiles.Read(server.RemoteDirectory);
        var expected = billingTookTheFileMeanwhile ? exported[1..] : exported;
        Assert.Equal(expected, remote.Select(f => f.Name));
        var delivered = remote.SelectMany(f => f.File.Records).Select(r => r.Data.ToArray()).ToList();
        Assert.Equal(billingTookTheFileMeanwhile ? records[PerFile..] : records, delivered);
        var status = CgfStatusReader.Read(database.Path).Delivery!;
        Assert.Equal(0, status.UndeliveredFiles);
        Assert.Equal(3, Assert.Single(status.Destinations).DeliveredFiles);

        // A third run finds nothing to do.
        var again = CgfProcess.Run(null, deliver);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Delivered ", again.Stdout + again.Stderr);
    }
}
