using Cgf.Server.Configuration;
using System.Security.Cryptography;

namespace Cgf.Server.Tests.Configuration;

public class DeliveryOptionsValidatorTests
{
    private const string Fingerprint = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og";

    private static List<string> Failures(Action<CgfOptions> change)
    {
        using var directory = new TempDirectory();
        var key = directory.File("id_ed25519");
        using (var rsa = RSA.Create(2048))
            File.WriteAllText(key, rsa.ExportRSAPrivateKeyPem() + "\n"); // PKCS#1 PEM, a form SSH.NET reads
        var options = new CgfOptions();
        options.Export.Directory = directory.Path;
        options.Delivery.Destinations.Add(new DeliveryDestinationOptions
        {
            Host = "billing.example", User = "cgf", PrivateKeyFile = key, HostKeyFingerprint = Fingerprint, RemoteDirectory = "in",
        });
        change(options);
        var result = new DeliveryOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void AValidDestinationPasses() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("", "Cgf:Delivery:Destinations:0:HostKeyFingerprint '' is not a SHA256:")]
    [InlineData("ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og", "Cgf:Delivery:Destinations:0:HostKeyFingerprint")]
    [InlineData("SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og=", "Cgf:Delivery:Destinations:0:HostKeyFingerprint")]
    [InlineData("MD5:12:34", "Cgf:Delivery:Destinations:0:HostKeyFingerprint")]
    public void AHostKeyFingerprintOtherThanSha256AsSshKeygenPrintsIsRefused(string fingerprint, string expected)
    {
        var failure = Assert.Single(Failures(o => o.Delivery.Destinations[0].HostKeyFingerprint = fingerprint));
        Assert.StartsWith(expected, failure);
    }

    [Fact]
    public void EachBadValueNamesItsKey()
    {
        var failures = Failures(o =>
        {
            o.Delivery.Mode = (DeliveryMode)7;
            o.Delivery.FailuresBeforeSwitch = 0;
            o.Delivery.ReturnAfter = TimeSpan.Zero;
            o.Delivery.Destinations[0].Host = "";
            o.Delivery.Destinations[0].Port = 0;
            o.Delivery.Destinations[0].User = " ";
            o.Delivery.Destinations.Add(o.Delivery.Destinations[0]);
        });
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:Mode '7'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:FailuresBeforeSwitch 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:ReturnAfter", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:Destinations:0:Host is missing", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:Destinations:0:Port 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:Destinations:1:User is missing", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cgf:Delivery:Destinations:1 repeats destination", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingOrUnusableKeyFileNamesTheKeyAndTheFile()
    {
        var missing = Assert.Single(Failures(o => o.Delivery.Destinations[0].PrivateKeyFile = "/nonexistent/id"));
        Assert.StartsWith("Cgf:Delivery:Destinations:0:PrivateKeyFile '/nonexistent/id' cannot be read", missing);
        var garbage = Assert.Single(Failures(o =>
        {
            File.WriteAllText(o.Delivery.Destinations[0].PrivateKeyFile, "not a key");
        }));
        Assert.StartsWith("Cgf:Delivery:Destinations:0:PrivateKeyFile", garbage);
        Assert.Contains("is not an unencrypted private key", garbage);
    }

    [Fact]
    public void DestinationsWithoutAnExportDirectoryAreRefused()
    {
        var failure = Assert.Single(Failures(o => o.Export.Directory = null));
        Assert.StartsWith("Cgf:Delivery:Destinations needs Cgf:Export:Directory", failure);
    }

    [Theory]
    [InlineData(0, 95, 0, "Cgf:Export:Retention must be positive")]
    [InlineData(7, 0, 0, "Cgf:Export:HighWaterPercent 0 is not in 1-100")]
    [InlineData(7, 101, 0, "Cgf:Export:HighWaterPercent 101 is not in 1-100")]
    [InlineData(7, 95, -1, "Cgf:Export:MaxDirectoryBytes -1 is negative")]
    public void ExportRetentionKeysAreChecked(int days, int highWater, long maxBytes, string expected)
    {
        var options = new CgfOptions();
        options.Export.Retention = TimeSpan.FromDays(days);
        options.Export.HighWaterPercent = highWater;
        options.Export.MaxDirectoryBytes = maxBytes;
        var result = new ExportOptionsValidator().Validate(null, options);
        Assert.StartsWith(expected, Assert.Single(result.Failures!));
    }
}
