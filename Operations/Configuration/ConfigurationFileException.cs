namespace Operations.Configuration;

/// <summary>A configuration file that cannot be used; the message is the one line printed (path, line and column, why).</summary>
public sealed class ConfigurationFileException(string message) : Exception(message);
