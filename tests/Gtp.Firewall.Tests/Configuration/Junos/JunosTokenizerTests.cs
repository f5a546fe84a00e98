using Gtp.Firewall.Configuration.Junos;

namespace Gtp.Firewall.Tests.Configuration.Junos;

public class JunosTokenizerTests
{
    [Theory]
    [InlineData("set a b", new[] { "set", "a", "b" })]
    [InlineData("  set\ta   b  ", new[] { "set", "a", "b" })]
    [InlineData("set d \"two words\"", new[] { "set", "d", "two words" })]
    [InlineData("set d \"say \\\"hi\\\" \\\\ ok\"", new[] { "set", "d", "say \"hi\" \\ ok" })]
    [InlineData("set d \"# not a comment\" # a comment", new[] { "set", "d", "# not a comment" })]
    [InlineData("set ge-0/0/0.0 a#b", new[] { "set", "ge-0/0/0.0", "a#b" })]
    [InlineData("set d \"\"", new[] { "set", "d", "" })]
    [InlineData("# only a comment", new string[0])]
    [InlineData("", new string[0])]
    public void SplitsWords(string line, string[] expected)
    {
        var words = new List<string>();

        Assert.True(JunosTokenizer.TryTokenize(line, words, out var error));
        Assert.Null(error);
        Assert.Equal(expected, words);
    }

    [Fact]
    public void UnterminatedQuoteIsAnError()
    {
        Assert.False(JunosTokenizer.TryTokenize("set d \"open", [], out var error));
        Assert.Equal("unterminated quoted string", error);
    }
}
