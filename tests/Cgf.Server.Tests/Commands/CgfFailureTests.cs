using Cgf.Server.Tests.Infrastructure;
using Storage.Cgf;
using System.Security.Cryptography;

namespace Cgf.Server.Tests.Commands;

/// <summary>
/// Every failure of the real Cgf.Server, run as a child process: the documented exit code (README "Exit codes"), exactly
/// one line on stderr naming what failed, nothing on stdout, no stack trace.
/// </summary>
public sealed class CgfFailureTests
{
    private const int Usage = 2;
    private const int Environment = 3;

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["status", "--jsn", "--Cgf:Storage:Path=x.db"], "Cgf.Server status: unknown option --jsn (see Cgf.Server status --help)" },
        { ["run", "--verbose"], "Cgf.Server run: unknown option --verbose (see Cgf.Server run --help)" },
        { ["--port", "3386"], "Cgf.Server: unknown option --port (see Cgf.Server --help)" },
        { ["bogus"], "Cgf.Server: unknown command 'bogus' (see Cgf.Server --help)" },
        { ["cdrs", "stray", "--Cgf:Storage:Path=x.db"], "Cgf.Server cdrs: unexpected argument 'stray' (see Cgf.Server cdrs --help)" },
        { ["status", "--Cgf:Storage:Pathh=x.db"], "Cgf.Server status: invalid configuration: unknown key Cgf:Storage:Pathh (did you mean Cgf:Storage:Path?)" },
        { ["export", "--out", "x", "--Cgf:Exprot:MaxCdrs=5"], "Cgf.Server export: unknown key Cgf:Exprot (did you mean Cgf:Export?)" },
        { ["run", "--Cgf:Listen:Portt=1"], "Cgf.Server run: invalid configuration: unknown key Cgf:Listen:Portt (did you mean Cgf:Listen:Port?)" },
        { ["--Cgf:NodeId:Sub=1"], "Cgf.Server: invalid configuration: unknown key Cgf:NodeId:Sub (Cgf:NodeId is a single value)" },
        { ["status", "--config", "/nonexistent/cgf.json"], "Cgf.Server status: --config /nonexistent/cgf.json: no such file" },
        { ["run", "--Cgf:Storage:MinFreeDisk=5GB"],
            "Cgf.Server run: invalid configuration: Cgf:Storage:MinFreeDisk '5GB' is not octets (e.g. 500000000) or a percent of the volume (e.g. 5%)" },
        { ["run", "--Cgf:Storage:MaxDatabaseSize=262144"],
            "Cgf.Server run: invalid configuration: Cgf:Storage:MaxDatabaseSize 262144 is below 1048576 (1 MiB; 0 sets no cap): an empty database takes about 400 KB" },
        { ["run", "--Cgf:Storage:Writers=2"],
            "Cgf.Server run: invalid configuration: Cgf:Storage:Writers 2: an SQLite database has one writer (several apply to PostgreSql)" },
        { ["run", "--Cgf:Storage:Provider=PostgreSql", "--Cgf:Storage:ConnectionString=Host=127.0.0.1;Database=cgf", "--Cgf:Storage:Writers=17"],
            "Cgf.Server run: invalid configuration: Cgf:Storage:Writers 17 is not in 1-16" },
        { ["run", "--Cgf:Retention:Cdrs=-1.00:00:00"],
            "Cgf.Server run: invalid configuration: Cgf:Retention:Cdrs must not be negative (zero keeps everything)" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void UsageAndConfigurationErrorsExitTwoWithOneLine(string[] args, string line)
    {
        var result = CgfProcess.Run(null, args);

        AssertFailure(result, Usage, line);
    }

    [Fact]
    public void AnUnknownKeyInTheEnvironmentIsNamed()
    {
        var result = CgfProcess.Run(new Dictionary<string, string> { ["Cgf__Storage__MaxDatabaseSiz"] = "1" }, "status");

        AssertFailure(result, Usage,
            "Cgf.Server status: invalid configuration: unknown key Cgf:Storage:MaxDatabaseSiz (did you mean Cgf:Storage:MaxDatabaseSize?)");
    }

    [Fact]
    public void AnUnknownKeyInTheConfigFileIsNamed()
    {
        using var directory = new TempDirectory();
        var file = directory.File("cgf.json");
        File.WriteAllText(file, """{ "Cgf": { "NodeID2": "X", "Storage": { "Path": "a.db" } } }""");

        var result = CgfProcess.Run(null, "status", "--config", file);

        AssertFailure(result, Usage, "Cgf.Server status: invalid configuration: unknown key Cgf:NodeID2 (did you mean Cgf:NodeId?)");
    }

    /// <summary>The line and column are where the text has its error, found here from the text itself.</summary>
    [Theory]
    [InlineData("status")]
    [InlineData("run")]
    [InlineData("export")]
    public async Task AMalformedAppsettingsInTheWorkingDirectoryIsOneLineWithLineAndColumn(string command)
    {
        using var directory = new TempDirectory();
        var text = "{\n  \"Cgf\": {\n    \"NodeId\": \"A\",\n    \"Storage\": { \"Path\": }\n  }\n}\n";
        File.WriteAllText(directory.File("appsettings.json"), text);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("\"Path\": }", StringComparison.Ordinal));
        var column = lines[line].IndexOf('}', StringComparison.Ordinal);

        var result = await LaunchAsync([command], directory.Path);

        var prefix = command == "run" ? "Cgf.Server run" : $"Cgf.Server {command}";
        AssertFailure(result, Usage, $"{prefix}: {directory.File("appsettings.json")}:{line + 1}:{column + 1}: ");
    }

    [Fact]
    public void AMalformedConfigFileNamedByConfigIsOneLine()
    {
        using var directory = new TempDirectory();
        var file = directory.File("cgf.json");
        File.WriteAllText(file, "[1, 2]");

        var result = CgfProcess.Run(null, "cdrs", "--config", file);

        AssertFailure(result, Usage, $"Cgf.Server cdrs: {file}:1:1: a configuration file is one JSON object");
    }

    /// <summary>A missing database is an environment error, the same for every command that reads one.</summary>
    [Theory]
    [InlineData("status")]
    [InlineData("cdrs")]
    [InlineData("export")]
    public void AMissingDatabaseExitsThreeForEveryCommand(string command)
    {
        using var directory = new TempDirectory();
        var path = directory.File("none.db");
        string[] args = command == "export" ? [command, "--out", directory.File("out"), $"--Cgf:Storage:Path={path}"] : [command, $"--Cgf:Storage:Path={path}"];

        var result = CgfProcess.Run(null, args);

        AssertFailure(result, Environment, $"Cgf.Server {command}: database {path} does not exist (Cgf:Storage:Path)");
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("status", "random")]
    [InlineData("status", "truncated")]
    [InlineData("status", "empty")]
    [InlineData("cdrs", "truncated")]
    [InlineData("export", "random")]
    [InlineData("export", "truncated")]
    public void AFileThatIsNotACgfDatabaseIsRefused(string command, string kind)
    {
        using var directory = new TempDirectory();
        var path = directory.File("cgf.db");
        var real = directory.File("real.db");
        CgfDatabase.IncrementRestartCounter(real);
        var bytes = kind switch
        {
            "random" => RandomNumberGenerator.GetBytes(8192),
            "truncated" => File.ReadAllBytes(real)[..50],
            _ => [],
        };
        File.WriteAllBytes(path, bytes);
        string[] args = command == "export" ? [command, "--out", directory.File("out"), $"--Cgf:Storage:Path={path}"] : [command, $"--Cgf:Storage:Path={path}"];

        var result = CgfProcess.Run(null, args);

        AssertFailure(result, Environment, $"Cgf.Server {command}: {path} is not a CGF database");
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void ADatabaseUnderProcCannotBeOpenedAndTheLineNamesIt()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "no /proc on this machine");
        var result = CgfProcess.Run(null, "run", "--Cgf:Storage:Path=/proc/cgf.db", "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}");

        AssertFailure(result, Environment, "Cgf.Server run: cannot open database /proc/cgf.db (Cgf:Storage:Path): ");
    }

    [Fact]
    public void ADatabaseWhoseDirectoryDoesNotExistIsAConfigurationErrorAndNothingIsCreated()
    {
        using var directory = new TempDirectory();
        var missing = directory.File("no-such-dir");
        var path = Path.Combine(missing, "cgf.db");

        var result = CgfProcess.Run(null, "run", $"--Cgf:Storage:Path={path}", "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}");

        AssertFailure(result, Usage, $"Cgf.Server run: invalid configuration: Cgf:Storage:Path '{path}': directory {missing} does not exist");
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void APortInUseExitsThreeNamingTheAddress()
    {
        using var directory = new TempDirectory();
        using var busy = new UdpPeer(System.Net.IPAddress.Loopback);
        var port = busy.LocalEndPoint.Port;

        var result = CgfProcess.Run(null, "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={port}", $"--Cgf:Storage:Path={directory.File("cgf.db")}");

        AssertFailure(result, Environment, $"Cgf.Server: cannot listen on udp 127.0.0.1:{port} (Cgf:Listen:Address, Cgf:Listen:Port): ");
    }

    [Fact]
    public void AnUnreadableCdrFileExitsThree()
    {
        var result = CgfProcess.Run(null, "cdr-file", "inspect", "/nonexistent/file.dat");

        Assert.Equal(Environment, result.ExitCode);
        Assert.Contains("/nonexistent/file.dat", Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("", result.Stdout);
    }

    internal static void AssertFailure(CgfProcess.Result result, int exitCode, string line)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"stderr is not one line:\n{result.Stderr}");
        Assert.StartsWith(line, lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    /// <summary>Cgf.Server in <paramref name="workingDirectory"/> (where ./appsettings.json is looked for first).</summary>
    internal static async Task<CgfProcess.Result> LaunchAsync(string[] args, string workingDirectory)
    {
        using var process = CgfProcess.Launch(args, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CgfProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
