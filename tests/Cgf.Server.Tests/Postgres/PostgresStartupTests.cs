using Cgf.Server.Tests.Commands;
using Cgf.Server.Tests.Infrastructure;
using Operations;

namespace Cgf.Server.Tests.Postgres;

/// <summary>Start-up failures of a CGF on PostgreSQL: one line on stderr naming what to fix, the documented exit code.</summary>
public sealed class PostgresStartupTests
{
    [Fact]
    public void AnUnreachableServerAtStartIsOneLineNamingItAndExitThree()
    {
        // A loopback port nobody listens on: connection refused at once.
        var port = FreePort.Get();
        var result = CgfProcess.Run(null, "run", "--Cgf:Storage:Provider=PostgreSql",
            $"--Cgf:Storage:ConnectionString=Host=127.0.0.1;Port={port};Username=cgf;Password=secret;Database=billing;Timeout=3",
            "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}");

        CgfFailureTests.AssertFailure(result, ExitCode.Environment,
            $"Cgf.Server run: cannot open PostgreSQL database billing at 127.0.0.1:{port} (Cgf:Storage:ConnectionString): ");
        Assert.DoesNotContain("secret", result.Stderr);
    }

    [Theory]
    [InlineData("", "Cgf:Storage:ConnectionString is required when Cgf:Storage:Provider is PostgreSql")]
    [InlineData("Hots=db1;Database=cgf", "Cgf:Storage:ConnectionString is not a PostgreSQL connection string (")]
    public void AMissingOrMalformedConnectionStringIsAConfigurationError(string connectionString, string message)
    {
        var result = CgfProcess.Run(null, "run", "--Cgf:Storage:Provider=PostgreSql", $"--Cgf:Storage:ConnectionString={connectionString}",
            "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}");

        CgfFailureTests.AssertFailure(result, ExitCode.Usage, $"Cgf.Server run: invalid configuration: {message}");
    }

    [Fact]
    public void AnUnknownProviderIsAConfigurationErrorNamingTheKey()
    {
        var result = CgfProcess.Run(null, "run", "--Cgf:Storage:Provider=Oracle", "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}");

        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains("Cgf:Storage:Provider", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [SkippableFact]
    public async Task StatusAndCdrsReadAPoolDatabase()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var database = PostgresCluster.Shared.CreateDatabase($"cmd_{Guid.NewGuid():N}");
        string[] storage = ["--Cgf:Storage:Provider=PostgreSql", $"--Cgf:Storage:ConnectionString={database}"];
        // No schema yet: the commands say so rather than creating one.
        var empty = CgfProcess.Run(null, ["status", .. storage]);
        CgfFailureTests.AssertFailure(empty, ExitCode.Environment, "Cgf.Server status: PostgreSQL database ");
        Assert.Contains("holds no CGF schema", empty.Stderr);

        await using (var cgf = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA"))
        {
            await using var cdf = await PeerConnection.OpenAsync("udp", cgf.Endpoint);
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(77), Gtpp.Record(78)))).Cause);
        }

        var status = CgfProcess.Run(null, ["status", .. storage, "--Cgf:NodeId=CGFA"]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Matches(@"committed CDRs\s+2\n", status.Stdout);
        Assert.Matches(@"restart counter\s+1\n", status.Stdout);
        Assert.Contains("PostgreSQL database", status.Stdout);

        var cdrs = CgfProcess.Run(null, ["cdrs", "--charging-id", "77", .. storage]);
        Assert.True(cdrs.ExitCode == 0, cdrs.Stderr);
        var rows = cdrs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Contains(" 77 ", Assert.Single(rows));
        Assert.Contains("1 CDRs", cdrs.Stderr);

        // The served IMSI the CGF wrote at ingest (TBCD 21 43 65 87 09 21 43 F5 in both records).
        var byImsi = CgfProcess.Run(null, ["cdrs", "--imsi", "123456789012345", .. storage]);
        Assert.True(byImsi.ExitCode == 0, byImsi.Stderr);
        Assert.Equal(2, byImsi.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(line => line.Contains("123456789012345")));
    }
}
