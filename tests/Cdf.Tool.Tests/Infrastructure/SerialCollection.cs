namespace Cdf.Tool.Tests.Infrastructure;

/// <summary>Tests that run alone: the crash test times kills against real processes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
