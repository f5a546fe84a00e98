namespace Operations.Configuration;

/// <summary>A configuration key no option reads: its full path, the nearest valid key, or why it cannot have children.</summary>
public sealed record UnknownConfigurationKey(string Path, string? Nearest, string? Reason)
{
    public override string ToString() =>
        Reason is not null ? $"unknown key {Path} ({Reason})"
        : Nearest is not null ? $"unknown key {Path} (did you mean {Nearest}?)"
        : $"unknown key {Path}";
}
