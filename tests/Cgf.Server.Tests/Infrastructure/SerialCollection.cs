namespace Cgf.Server.Tests.Infrastructure;

/// <summary>Load-heavy tests (fuzz, kill -9 streams, overload) run alone so they do not starve the others on 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
