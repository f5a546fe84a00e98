using Cgf.Server.Configuration;
using Cgf.Server.Delivery;
using Cgf.Server.Tests.Delivery.Infrastructure;
using Cgf.Server.Tests.Export.Infrastructure;
using Microsoft.Data.Sqlite;
using Storage.Cgf;
using Storage.Cgf.Delivery;

namespace Cgf.Server.Tests.Delivery;

/// <summary>Delivery through SSH.NET to real OpenSSH servers on loopback (started by the tests in temporary folders).</summary>
public class SftpDeliveryTests
{
    private static DeliveryOptions Options(DeliveryMode mode, params DeliveryDestinationOptions[] destinations) => new()
    {
        Mode = mode,
        Destinations = [.. destinations],
        FailuresBeforeSwitch = 2,
        ReturnAfter = TimeSpan.FromMinutes(30),
        Timeout = TimeSpan.FromSeconds(10),
    };

    [SkippableFact]
    public void EveryFileReachesEveryDestinationOnceCompleteAndUnderItsFinalName()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        var records = ExportedFiles.Add(database, 250, perFile: 100);
        using var server = new SshServer();
        var archive = Path.Combine(server.Root, "archive");
        Directory.CreateDirectory(archive);
        var logger = new ListLogger();
        using (var deliverer = new Deliverer(Options(DeliveryMode.All, server.Destination(), server.Destination(archive)), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger))
        {
            Assert.Equal(6, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
            Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None)); // nothing twice
            Assert.Equal((0L, (DateTimeOffset?)null), deliverer.Undelivered());
        }
        foreach (var directory in new[] { server.RemoteDirectory, archive })
        {
            Assert.Empty(Directory.GetFiles(directory, ".*"));
            var files = ExportedFiles.Read(directory);
            Assert.Equal([1u, 2u, 3u], files.Select(f => f.File.Header.FileSequenceNumber));
            Assert.Equal(records, files.SelectMany(f => f.File.Records).Select(r => r.Data.ToArray()));
            // Octet for octet the exported file.
            foreach (var (name, _) in files)
                Assert.Equal(File.ReadAllBytes(Path.Combine(database.ExportDirectory, name)), File.ReadAllBytes(Path.Combine(directory, name)));
        }
        Assert.Equal(6, logger.Messages.Count(m => m.StartsWith("Delivered ", StringComparison.Ordinal)));
        var status = CgfStatusReader.Read(database.Path).Delivery!;
        Assert.Equal(0, status.UndeliveredFiles);
        Assert.All(status.Destinations, d => Assert.Equal(3, d.DeliveredFiles));
        Assert.All(status.Destinations, d => Assert.True(d.Active));
    }

    [SkippableFact]
    public void FailoverGoesToTheSecondServerWhenTheFirstIsStoppedAndBackAfterReturnAfter()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 100, perFile: 50);
        using var first = new SshServer();
        using var second = new SshServer();
        first.Stop();
        var time = new ManualTime();
        var logger = new ListLogger();
        using var deliverer = new Deliverer(Options(DeliveryMode.Failover, first.Destination(), second.Destination()), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger, time: time);

        Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None)); // first failure: still the first
        Assert.True(deliverer.IsActive(0));
        Assert.Equal(2, deliverer.Pass(database.ExportDirectory, CancellationToken.None)); // second failure: switch, same pass
        Assert.True(deliverer.IsActive(1));
        Assert.Empty(SshServer.FinalNames(first.RemoteDirectory));
        Assert.Equal(2, ExportedFiles.Read(second.RemoteDirectory).Count);
        Assert.Single(logger.Messages, m => m.StartsWith("Delivery to root@127.0.0.1:" + first.Port, StringComparison.Ordinal) && m.Contains("Unreachable"));
        Assert.Single(logger.Messages, m => m.StartsWith("Delivery switched", StringComparison.Ordinal));

        first.Start();
        ExportedFiles.Add(database, 50, perFile: 50, first: 100);
        time.Now += TimeSpan.FromMinutes(29);
        Assert.Equal(1, deliverer.Pass(database.ExportDirectory, CancellationToken.None)); // not yet: still the second
        Assert.Equal(3, ExportedFiles.Read(second.RemoteDirectory).Count);
        ExportedFiles.Add(database, 50, perFile: 50, first: 150);
        time.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(1, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
        Assert.True(deliverer.IsActive(0));
        var back = Assert.Single(ExportedFiles.Read(first.RemoteDirectory));
        Assert.Equal(4u, back.File.Header.FileSequenceNumber);
        Assert.Equal(3, ExportedFiles.Read(second.RemoteDirectory).Count); // each file on one destination only
        Assert.Single(logger.Messages, m => m.StartsWith("Delivery back to the first destination", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void AServerPresentingAnotherHostKeyIsRefusedAndGetsNothing()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 10, perFile: 10);
        using var server = new SshServer();
        var destination = server.Destination();
        destination.HostKeyFingerprint = server.OtherFingerprint();
        var logger = new ListLogger();
        using (var deliverer = new Deliverer(Options(DeliveryMode.Failover, destination), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger))
        {
            Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
            Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
            Assert.Equal(2, deliverer.FailuresTotal(0));
        }
        Assert.Empty(Directory.GetFiles(server.RemoteDirectory));
        // Logged once for the run of failures, naming both fingerprints.
        var line = Assert.Single(logger.Messages, m => m.Contains("HostKeyMismatch", StringComparison.Ordinal));
        Assert.Contains(server.HostKeyFingerprint, line);
        Assert.Contains(destination.HostKeyFingerprint, line);
        var status = CgfStatusReader.Read(database.Path).Delivery!;
        Assert.Equal(1, status.UndeliveredFiles);
        var row = Assert.Single(status.Destinations);
        Assert.Equal(2, row.ConsecutiveFailures);
        Assert.Equal(0, row.DeliveredFiles);
    }

    [SkippableFact]
    public void ARefusedKeyIsAFailureOfItsOwnKind()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 10, perFile: 10);
        using var server = new SshServer();
        File.WriteAllText(Path.Combine(server.Root, "authorized_keys"), "");
        var logger = new ListLogger();
        using (var deliverer = new Deliverer(Options(DeliveryMode.Failover, server.Destination()), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger))
            Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
        Assert.Single(logger.Messages, m => m.Contains("AuthenticationRefused", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(server.RemoteDirectory));
    }

    [SkippableFact]
    public void AnUnrecordedCompleteRemoteFileIsRecordedAndAnotherFileUnderTheNameIsNeverOverwritten()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 100, perFile: 50);
        using var server = new SshServer();
        var names = Exports.ReadFiles(database.ExportDirectory).Select(f => Path.GetFileName(f.Path)).ToArray();
        // The first file is already there, complete (an earlier run's delivery whose record was lost); under the second
        // name lies something else.
        File.Copy(Path.Combine(database.ExportDirectory, names[0]), Path.Combine(server.RemoteDirectory, names[0]));
        File.WriteAllBytes(Path.Combine(server.RemoteDirectory, names[1]), new byte[File.ReadAllBytes(Path.Combine(database.ExportDirectory, names[1])).Length]);
        var logger = new ListLogger();
        using (var deliverer = new Deliverer(Options(DeliveryMode.Failover, server.Destination()), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger))
            Assert.Equal(1, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
        Assert.Single(logger.Messages, m => m.StartsWith($"Recorded {names[0]} as delivered", StringComparison.Ordinal));
        Assert.Single(logger.Messages, m => m.Contains("Conflict", StringComparison.Ordinal) && m.Contains(names[1], StringComparison.Ordinal));
        Assert.All(File.ReadAllBytes(Path.Combine(server.RemoteDirectory, names[1])), b => Assert.Equal(0, b));
        using var connection = new SqliteConnection($"Data Source={database.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, state, recovered FROM deliveries";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((names[0], (long)DeliveryRecordState.Delivered, 1L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        Assert.False(reader.Read());
    }

    [SkippableFact]
    public void AFullRemoteDiskLeavesTheFileUndeliveredAndSaysSoThenDeliveryResumesWhenThereIsRoom()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 3000, perFile: 3000);
        var length = new FileInfo(Exports.ReadFiles(database.ExportDirectory).Single().Path).Length;
        using var server = new SshServer();
        var mount = ExternalTool.Run("/usr/bin/mount", ["-t", "tmpfs", "-o", $"size={length / 2}", "tmpfs", server.RemoteDirectory]);
        Skip.If(mount.ExitCode != 0, $"cannot mount a small tmpfs as the remote directory: {mount.StandardError.Trim()}");
        try
        {
            var logger = new ListLogger();
            using var deliverer = new Deliverer(Options(DeliveryMode.Failover, server.Destination()), Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), logger);
            Assert.Equal(0, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
            Assert.Single(logger.Messages, m => m.Contains("RemoteFull", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFiles(server.RemoteDirectory)); // the partial upload was removed
            Assert.Equal(1, deliverer.Undelivered().Count);
            Assert.True(File.Exists(Exports.ReadFiles(database.ExportDirectory).Single().Path));

            ExternalTool.RunChecked("/usr/bin/mount", "-o", $"remount,size={length * 2}", server.RemoteDirectory);
            Assert.Equal(1, deliverer.Pass(database.ExportDirectory, CancellationToken.None));
            Assert.Single(logger.Messages, m => m.StartsWith("Delivery to", StringComparison.Ordinal) && m.Contains("works again", StringComparison.Ordinal));
            Assert.Single(ExportedFiles.Read(server.RemoteDirectory));
        }
        finally
        {
            ExternalTool.Run("/usr/bin/umount", [server.RemoteDirectory]);
        }
    }
}
