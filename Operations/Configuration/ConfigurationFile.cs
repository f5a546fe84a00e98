using System.Text.Json;

namespace Operations.Configuration;

/// <summary>
/// Where the three programs read their configuration file from, in one order: the file named by <c>--config</c>,
/// else <c>appsettings.json</c> in the working directory, else the copy beside the program.
/// </summary>
public static class ConfigurationFile
{
    public const string DefaultName = "appsettings.json";

    /// <summary>The file to read, or null when there is none (the defaults then apply).</summary>
    /// <exception cref="ConfigurationFileException">An explicit file that does not exist.</exception>
    public static string? Resolve(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full))
                throw new ConfigurationFileException($"--config {explicitPath}: no such file");
            return full;
        }
        var working = Path.Combine(Environment.CurrentDirectory, DefaultName);
        if (File.Exists(working))
            return working;
        var beside = Path.Combine(AppContext.BaseDirectory, DefaultName);
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is JSON as the configuration provider reads it (comments and trailing commas
    /// allowed), so a malformed file is one line naming the file, line and column instead of the provider's trace.
    /// </summary>
    /// <exception cref="ConfigurationFileException">The file cannot be read or is not JSON.</exception>
    public static void CheckJson(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"{path}: cannot read: {exception.Message}");
        }
        var message = JsonError(bytes);
        if (message is not null)
            throw new ConfigurationFileException($"{path}:{message}");
    }

    /// <summary>"line:column: reason" of the first JSON error, or null for a well-formed object (line and column from 1).</summary>
    public static string? JsonError(ReadOnlySpan<byte> json)
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
            return "1:1: empty file (a configuration file is one JSON object)";
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            if (reader.Read() && reader.TokenType != JsonTokenType.StartObject)
                return $"1:1: a configuration file is one JSON object, not {reader.TokenType}";
            while (reader.Read())
            {
            }
            return null;
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            var column = (exception.BytePositionInLine ?? 0) + 1;
            return $"{line}:{column}: {Reason(exception.Message)}";
        }
    }

    /// <summary>The reader's message without its own "LineNumber: … | BytePositionInLine: …" tail, which the prefix already gives.</summary>
    private static string Reason(string message)
    {
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (tail > 0 ? message[..tail] : message).TrimEnd('.', ' ');
    }
}
