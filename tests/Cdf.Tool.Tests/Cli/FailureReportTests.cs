using Cdf.Tool.Generation;
using Cdf.Tool.Tests.Infrastructure;
using Storage.Cdf;
using System.Diagnostics;

namespace Cdf.Tool.Tests.Cli;

/// <summary>
/// Every failure of cdf is one line on stderr naming what failed and why, nothing on stdout, no stack trace, and the
/// exit code of the README's table: 2 usage or configuration, 3 environment (docs/cdf-cli.md).
/// </summary>
public sealed class FailureReportTests
{
    private const int Usage = 2;
    private const int Environment = 3;

    /// <summary>Arguments with {dir} (a fresh temporary directory, see <see cref="Prepare"/>) and {port} (nothing listens).</summary>
    public static TheoryData<string, string[], int, string> Failures => new()
    {
        { "unresolvable CGF host", ["send", "--cgf", "bogus.invalid", "--state", "{dir}/cdf.db", "--generate", "1"], Usage, "--cgf bogus.invalid:3386: cannot resolve 'bogus.invalid'" },
        { "port out of range", ["send", "--cgf", "127.0.0.1:99999", "--state", "{dir}/cdf.db", "--generate", "1"], Usage, "Cdf:Cgfs:0:Port: 99999 is not a port (1-65535)" },
        { "port not a number", ["send", "--cgf", "127.0.0.1:x", "--state", "{dir}/cdf.db"], Usage, "--cgf 127.0.0.1:x: not HOST:PORT" },
        { "missing --file", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--file", "{dir}/missing.ber"], Usage, "--file {dir}/missing.ber: no such file" },
        { "--file that is not CDRs", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--file", "{dir}/damaged.ber"], Usage, "--file {dir}/damaged.ber: neither a TS 32.297 file nor BER records: no BER record at offset {offset} " },
        { "--state under a regular file", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/file/cdf.db", "--generate", "1"], Environment, "--state {dir}/file/cdf.db: cannot open the outbox" },
        { "--cdrs-per-request 300", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--cdrs-per-request", "300"], Usage, "Cdf:MaxCdrsPerRequest: 300 must be 1-255" },
        { "--rate 0", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--generate", "1", "--rate", "0"], Usage, "--rate 0: must be more than 0 CDRs per second" },
        { "--local on a foreign address", ["send", "--cgf", "127.0.0.1:{port}", "--local", "192.0.2.1:0", "--state", "{dir}/cdf.db", "--generate", "1"], Environment, "--local 192.0.2.1:0: cannot bind" },
        { "--rate that is no number", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--generate", "1", "--rate", "abc"], Usage, "--rate 'abc' is not a number" },
        { "--generate that is no number", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--generate", "ten"], Usage, "--generate 'ten' is not a number" },
        { "--generate -5", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--generate", "-5"], Usage, "--generate -5: must be 0 or more CDRs" },
        { "fewer --local than --cgf", ["send", "--cgf", "127.0.0.1:{port}", "--cgf", "127.0.0.2:{port}", "--local", "127.0.0.1:0", "--state", "{dir}/cdf.db"], Usage, "--local given 1 times for 2 CGFs" },
        { "--give-up-after not a duration", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--give-up-after", "soon"], Usage, "--give-up-after soon: not a duration" },
        { "no CGF at all", ["send", "--state", "{dir}/cdf.db", "--config", "{dir}/empty.json"], Usage, "no CGF: give --cgf HOST:PORT" },
        { "unknown option", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--jsn"], Usage, "Unrecognized command or argument '--jsn'" },
        { "missing --config", ["send", "--config", "{dir}/nope.json"], Usage, "--config {dir}/nope.json: no such file" },
        { "malformed --config", ["send", "--config", "{dir}/malformed.json"], Usage, "{dir}/malformed.json:3:1: " },
        { "unknown key in --config", ["send", "--config", "{dir}/typo.json", "--generate", "1"], Usage, "unknown key Cdf:Windw (did you mean Cdf:Window?)" },
        { "unknown key on the command line", ["send", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--Cdf:MaxCdrsPerReqest=5"], Usage, "unknown key Cdf:MaxCdrsPerReqest (did you mean Cdf:MaxCdrsPerRequest?)" },
        { "another program's key on the command line", ["status", "--state", "{dir}/truncated.db", "--Cgf:Storage:Path=x"], Usage, "unknown key Cgf:Storage:Path (cdf reads Cdf:… and Logging:…)" },
        { "status of a missing outbox", ["status", "--state", "{dir}/missing.db"], Environment, "--state {dir}/missing.db: no such outbox file" },
        { "status of a truncated outbox", ["status", "--state", "{dir}/truncated.db"], Environment, "--state {dir}/truncated.db: not a readable CDF outbox" },
        { "status of a file that is no database", ["status", "--state", "{dir}/damaged.ber"], Environment, "--state {dir}/damaged.ber: not a readable CDF outbox" },
        { "bench --server-pid that is gone", ["bench", "--cgf", "127.0.0.1:{port}", "--state", "{dir}/cdf.db", "--server-pid", "{gone}"], Usage, "--server-pid {gone}: no such process" },
        { "bench with no CGF", ["bench", "--state", "{dir}/cdf.db", "--config", "{dir}/empty.json"], Usage, "give --cgf or --start-server" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task FailsWithOneLineAndItsExitCode(string failure, string[] arguments, int exitCode, string expected)
    {
        using var directory = new TempDirectory();
        var values = Prepare(directory);
        using var cdf = CdfProcess.Start([.. arguments.Select(a => Fill(a, values))]);
        var code = await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var stderr = cdf.StandardErrorLines;
        Assert.True(stderr.Count == 1 && stderr[0].Length > 0, $"{failure}: one line on stderr expected:\n{cdf.Output}");
        Assert.Contains(Fill(expected, values), stderr[0], StringComparison.Ordinal);
        Assert.StartsWith("cdf ", stderr[0], StringComparison.Ordinal);
        Assert.Equal("", cdf.StandardOutput);
        Assert.DoesNotContain("   at ", cdf.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", cdf.Output, StringComparison.Ordinal);
        Assert.Equal(exitCode, code);
        // A refused start leaves no outbox behind.
        Assert.False(File.Exists(directory.File("cdf.db")), $"{failure}: created an outbox");
    }

    /// <summary>The files the cases refer to, and the values of their placeholders.</summary>
    private static Dictionary<string, string> Prepare(TempDirectory directory)
    {
        // One good SGW-CDR, then a BER header whose length cannot be: the damage starts right after the record.
        var record = SgwRecordGenerator.Encode(1);
        File.WriteAllBytes(directory.File("damaged.ber"), [.. record, 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);
        File.WriteAllText(directory.File("file"), "a regular file, not a directory");
        File.WriteAllText(directory.File("empty.json"), "{ \"Cdf\": { } }");
        File.WriteAllText(directory.File("malformed.json"), "{\n  \"Cdf\": {\n");
        File.WriteAllText(directory.File("typo.json"), $$"""{ "Cdf": { "Cgfs": [ { "Host": "127.0.0.1", "Port": 9 } ], "StatePath": "{{directory.File("cdf.db")}}", "Windw": 5 } }""");
        using (new CdfOutbox(directory.File("outbox.db")))
        {
        }
        var outbox = File.ReadAllBytes(directory.File("outbox.db"));
        File.WriteAllBytes(directory.File("truncated.db"), outbox[..50]);
        return new()
        {
            ["{dir}"] = directory.Path,
            ["{port}"] = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{offset}"] = record.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{gone}"] = GonePid().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static string Fill(string text, Dictionary<string, string> values) =>
        values.Aggregate(text, (current, value) => current.Replace(value.Key, value.Value, StringComparison.Ordinal));

    /// <summary>The pid of a process that has run and exited.</summary>
    private static int GonePid()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
