using Microsoft.Extensions.Options;
using System.Net;

namespace Cgf.Server.Configuration;

/// <summary>Checks section Cgf:Export at start; each failure is one line naming its key.</summary>
public sealed class ExportOptionsValidator : IValidateOptions<CgfOptions>
{
    /// <summary>The file length field is 4 octets.</summary>
    public const long MaxFileBytes = uint.MaxValue - 1;

    public ValidateOptionsResult Validate(string? name, CgfOptions options)
    {
        var errors = Check(options.Export);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<string> Check(ExportOptions export)
    {
        var errors = new List<string>();
        if (export.Directory is { } directory && string.IsNullOrWhiteSpace(directory))
            errors.Add("Cgf:Export:Directory is blank (leave it unset to disable export)");
        if (export.MaxCdrs is < 1 or > 10_000_000)
            errors.Add($"Cgf:Export:MaxCdrs {export.MaxCdrs} is not in 1-10000000");
        if (export.MaxBytes is < 1024 or > MaxFileBytes)
            errors.Add($"Cgf:Export:MaxBytes {export.MaxBytes} is not in 1024-{MaxFileBytes}");
        if (export.MaxAge <= TimeSpan.Zero)
            errors.Add("Cgf:Export:MaxAge must be positive");
        if (export.DownstreamLossAfter <= TimeSpan.Zero)
            errors.Add("Cgf:Export:DownstreamLossAfter must be positive");
        if (export.PollInterval <= TimeSpan.Zero || export.PollInterval > TimeSpan.FromMinutes(10))
            errors.Add("Cgf:Export:PollInterval must be positive and at most 10 minutes");
        if (export.NodeAddress is { Length: > 0 } node && !IPAddress.TryParse(node, out _))
            errors.Add($"Cgf:Export:NodeAddress '{node}' is not an IP address");
        if (export.Retention <= TimeSpan.Zero)
            errors.Add("Cgf:Export:Retention must be positive");
        if (export.MaxDirectoryBytes < 0)
            errors.Add($"Cgf:Export:MaxDirectoryBytes {export.MaxDirectoryBytes} is negative (0 = no limit)");
        if (export.HighWaterPercent is < 1 or > 100)
            errors.Add($"Cgf:Export:HighWaterPercent {export.HighWaterPercent} is not in 1-100");
        return errors;
    }
}
