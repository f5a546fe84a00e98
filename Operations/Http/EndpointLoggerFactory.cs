using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Operations.Http;

/// <summary>
/// The program's logger factory for the endpoint's own application, without that application's hosting logs: its
/// lifetime lines would repeat the program's, and a failed bind would log "Hosting failed to start" with a stack
/// trace where the program prints one line (<see cref="HttpEndpointUnavailableException"/>). Kestrel still logs.
/// </summary>
internal sealed class EndpointLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ||
        categoryName.StartsWith("Microsoft.Hosting.Lifetime", StringComparison.Ordinal)
            ? NullLogger.Instance
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The program's host owns and disposes the inner factory.
    public void Dispose()
    {
    }
}
