using Cgf.Server.Tests.Export.Infrastructure;

namespace Cgf.Server.Tests.Delivery;

/// <summary><c>Cgf.Server deliver</c> refuses what it cannot use with one line and the documented exit code.</summary>
public class DeliverCommandTests
{
    [Fact]
    public void WithoutDestinationsItIsAUsageError()
    {
        using var database = new TestDatabase();
        var result = CgfProcess.Run(null, "deliver", $"--Cgf:Storage:Path={database.Path}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no Cgf:Delivery:Destinations configured", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void ADestinationWithoutHostKeyFingerprintIsRefusedNamingTheKey()
    {
        using var database = new TestDatabase();
        using var directory = new TempDirectory();
        var key = directory.File("id");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
            File.WriteAllText(key, rsa.ExportRSAPrivateKeyPem());
        var result = CgfProcess.Run(null, "deliver", $"--Cgf:Storage:Path={database.Path}", $"--Cgf:Export:Directory={database.ExportDirectory}",
            "--Cgf:Delivery:Destinations:0:Host=127.0.0.1", "--Cgf:Delivery:Destinations:0:User=cgf",
            $"--Cgf:Delivery:Destinations:0:PrivateKeyFile={key}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cgf:Delivery:Destinations:0:HostKeyFingerprint '' is not a SHA256:", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
