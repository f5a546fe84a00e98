using Cgf.Server.Commands;

namespace Cgf.Server.Tests.Commands;

public sealed class ConfigurationArgumentsTests
{
    [Fact]
    public void KeyEqualsValueIsOneOverride()
    {
        var split = ConfigurationArguments.Split(["--Cgf:Listen:Port=33860", "--Cgf:Storage:Path=/var/lib/cgf.db"]);

        Assert.Equal(["--Cgf:Listen:Port=33860", "--Cgf:Storage:Path=/var/lib/cgf.db"], split.Configuration);
        Assert.Empty(split.Positional);
    }

    [Fact]
    public void AKeyTakesTheNextWordAsItsValue()
    {
        var split = ConfigurationArguments.Split(["--Cgf:Listen:Port", "33860", "--Cgf:NodeId", "CGF02"]);

        Assert.Equal(["--Cgf:Listen:Port", "33860", "--Cgf:NodeId", "CGF02"], split.Configuration);
        Assert.Empty(split.Positional);
    }

    [Fact]
    public void AKeyFollowedByAnotherKeyTakesNoValue()
    {
        var split = ConfigurationArguments.Split(["--Cgf:Listen:Udp", "--Cgf:NodeId=X", "stray"]);

        Assert.Equal(["--Cgf:Listen:Udp", "--Cgf:NodeId=X"], split.Configuration);
        Assert.Equal(["stray"], split.Positional);
    }

    [Theory]
    [InlineData("/Cgf:Storage:Path=a.db", true)]
    [InlineData("/Cgf:NodeId", true)]
    [InlineData("/tmp/file", false)]
    [InlineData("/tmp/a=b", false)]
    [InlineData("file.dat", false)]
    public void ASlashKeyIsConfigurationButAPathIsNot(string word, bool configuration)
    {
        var split = ConfigurationArguments.Split([word]);

        Assert.Equal(configuration ? [word] : [], split.Configuration);
        Assert.Equal(configuration ? [] : [word], split.Positional);
    }

    [Fact]
    public void OrderIsKept()
    {
        var split = ConfigurationArguments.Split(["a", "--S:K1=1", "b", "/S:K2", "2", "c"]);

        Assert.Equal(["--S:K1=1", "/S:K2", "2"], split.Configuration);
        Assert.Equal(["a", "b", "c"], split.Positional);
    }

    [Theory]
    [InlineData("--jsn", "--jsn")]
    [InlineData("--verbose=1", "--verbose")]
    [InlineData("-x", "-x")]
    [InlineData("--Cgf", "--Cgf")]
    [InlineData("--:Port=1", "--:Port")]
    public void AnOptionWithoutASectionIsUnknownNotConfiguration(string word, string named)
    {
        var split = ConfigurationArguments.Split([word, "--Cgf:Storage:Path=x"]);

        Assert.Equal([named], split.UnknownOptions);
        Assert.Equal(["--Cgf:Storage:Path=x"], split.Configuration);
        Assert.Equal($"unknown option {named}", split.FirstError());
    }

    [Fact]
    public void AnUnknownOptionDoesNotSwallowTheNextWord()
    {
        var split = ConfigurationArguments.Split(["--jsn", "--Cgf:Storage:Path", "x"]);

        Assert.Equal(["--Cgf:Storage:Path", "x"], split.Configuration);
        Assert.Equal(["--jsn"], split.UnknownOptions);
    }
}
