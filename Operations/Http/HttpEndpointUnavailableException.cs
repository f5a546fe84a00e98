namespace Operations.Http;

/// <summary>
/// The HTTP endpoint cannot listen (port in use, address not on this machine): an environment error
/// (<see cref="ExitCode.Environment"/>), reported as one line with the URL and the reason.
/// </summary>
public sealed class HttpEndpointUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
