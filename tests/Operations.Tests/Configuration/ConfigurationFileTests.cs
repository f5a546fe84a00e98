using Operations.Configuration;
using System.Text;

namespace Operations.Tests.Configuration;

public sealed class ConfigurationFileTests
{
    private static string? Error(string json) => ConfigurationFile.JsonError(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void AWellFormedFileWithCommentsAndTrailingCommasIsAccepted() =>
        Assert.Null(Error("{\n  // comment\n  \"Cgf\": { \"NodeId\": \"X\", },\n}\n"));

    [Fact]
    public void AMissingCommaIsReportedAtItsLineAndColumn()
    {
        // Line 3 starts the second property without a comma after line 2's value: the reader stops at column 3 of line 3.
        var error = Error("{\n  \"a\": 1\n  \"b\": 2\n}");
        Assert.NotNull(error);
        Assert.StartsWith("3:3: ", error);
        Assert.DoesNotContain("LineNumber", error);
    }

    [Fact]
    public void ATruncatedFileIsReported()
    {
        var error = Error("{\n  \"Cgf\": {\n    \"NodeId\": \"X\"");
        Assert.NotNull(error);
        Assert.Matches(@"^3:\d+: ", error);
    }

    [Fact]
    public void AFileThatIsNotAnObjectIsReported()
    {
        Assert.Equal("1:1: empty file (a configuration file is one JSON object)", Error(""));
        Assert.Equal("1:1: a configuration file is one JSON object, not StartArray", Error("[1]"));
    }

    [Fact]
    public void CheckJsonNamesTheFile()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "appsettings.json");
        File.WriteAllText(path, "{ \"Cgf\": ");
        var exception = Assert.Throws<ConfigurationFileException>(() => ConfigurationFile.CheckJson(path));
        Assert.StartsWith($"{path}:1:", exception.Message);
    }

    [Fact]
    public void AnExplicitFileThatDoesNotExistIsAnError()
    {
        var exception = Assert.Throws<ConfigurationFileException>(() => ConfigurationFile.Resolve("/nonexistent/cgf.json"));
        Assert.Equal("--config /nonexistent/cgf.json: no such file", exception.Message);
    }

    [Fact]
    public void TheWorkingDirectoryCopyComesBeforeTheOneBesideTheProgram()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "appsettings.json");
        File.WriteAllText(path, "{}");
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = directory.Path;
            Assert.Equal(path, ConfigurationFile.Resolve(null));
            File.WriteAllText(Path.Combine(directory.Path, "other.json"), "{}");
            Assert.Equal(Path.Combine(directory.Path, "other.json"), ConfigurationFile.Resolve("other.json"));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
