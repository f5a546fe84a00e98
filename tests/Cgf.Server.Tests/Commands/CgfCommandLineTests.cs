using Cgf.Server.Commands;
using System.CommandLine;

namespace Cgf.Server.Tests.Commands;

/// <summary>The real command tree: which command a line names, and that configuration overrides are left to the configuration.</summary>
public sealed class CgfCommandLineTests
{
    [Theory]
    [InlineData(new string[0], "(root: run)")]
    [InlineData(new[] { "run" }, "run")]
    [InlineData(new[] { "status", "--json" }, "status")]
    [InlineData(new[] { "cdrs", "--imsi", "001010123456789" }, "cdrs")]
    [InlineData(new[] { "export", "--out", "out" }, "export")]
    [InlineData(new[] { "cdr-file", "inspect", "f.dat" }, "inspect")]
    public void EachCommandIsFound(string[] args, string command)
    {
        var parsed = CgfCommandLine.Parse(args);

        Assert.Empty(parsed.Errors);
        var found = parsed.CommandResult.Command;
        Assert.Equal(command, found is RootCommand ? "(root: run)" : found.Name);
    }

    [Fact]
    public void OverridesBeforeOrAfterTheCommandAreUnmatched()
    {
        var parsed = CgfCommandLine.Parse(["--Cgf:Storage:Path=a.db", "status", "--json", "--Cgf:NodeId", "X"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("status", parsed.CommandResult.Command.Name);
        Assert.Equal(["--Cgf:Storage:Path=a.db", "--Cgf:NodeId", "X"], ConfigurationArguments.Split(parsed.UnmatchedTokens).Configuration);
    }

    [Fact]
    public void AWordStartingWithAtIsNotAResponseFile()
    {
        var parsed = CgfCommandLine.Parse(["cdr-file", "inspect", "@cdrs.dat"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("@cdrs.dat", parsed.GetValue<string>("FILE"));
    }

    [Theory]
    [InlineData("--max-cdrs", "ten", "--max-cdrs 'ten' is not a number")]
    [InlineData("--max-cdrs", "-5", "--max-cdrs '-5' is not a number")]
    [InlineData("--max-bytes", "1e6", "--max-bytes '1e6' is not a number")]
    public void ExportLimitsAreDigitsAndABadOneIsNamed(string option, string value, string error)
    {
        var parsed = CgfCommandLine.Parse(["export", "--out", "out", option, value]);

        Assert.Equal(error, Assert.Single(parsed.Errors).Message);
    }

    [Fact]
    public void ExportLimitsAreParsedAsNumbers()
    {
        var parsed = CgfCommandLine.Parse(["export", "--out", "out", "--max-cdrs", "5000", "--max-bytes=1048576"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(5000, parsed.GetValue<int?>("--max-cdrs"));
        Assert.Equal(1048576L, parsed.GetValue<long?>("--max-bytes"));
    }

    [Fact]
    public void CdrFileNeedsItsSubcommand()
    {
        Assert.NotEmpty(CgfCommandLine.Parse(["cdr-file"]).Errors);
        Assert.NotEmpty(CgfCommandLine.Parse(["cdr-file", "inspect"]).Errors);
    }

    [Theory]
    [InlineData("--config a.json status")]
    [InlineData("status --config a.json")]
    [InlineData("cdr-file inspect f.dat --config=a.json")]
    public void ConfigIsTakenBeforeOrAfterTheCommand(string commandLine)
    {
        var parsed = CgfCommandLine.Parse(commandLine.Split(' '));

        Assert.Empty(parsed.Errors);
        Assert.Equal("a.json", parsed.GetValue<string>(CgfCommandLine.ConfigOptionName));
        Assert.Empty(parsed.UnmatchedTokens);
    }

    [Fact]
    public void AnUnknownSubcommandOfCdrFileIsAnError()
    {
        Assert.NotEmpty(CgfCommandLine.Parse(["cdr-file", "inspekt", "f.dat"]).Errors);
    }
}
