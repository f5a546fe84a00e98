namespace Cdf.Client.Protocol;

/// <summary>The CGF path was marked down (N3 transmissions unanswered) or closed while a request waited.</summary>
public sealed class CgfPathDownException(string path) : Exception($"CGF path {path} is down");
