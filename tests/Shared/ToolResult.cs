namespace Tests.Shared;

/// <summary>Exit code and captured output of an <see cref="ExternalTool"/> run.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
