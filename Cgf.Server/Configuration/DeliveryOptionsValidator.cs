using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Cgf.Server.Configuration;

/// <summary>Checks section Cgf:Delivery at start and on reload; each failure is one line naming its key.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<CgfOptions>
{
    private const string Prefix = "SHA256:";
    // Base64 of a 32-octet SHA-256 without its one padding character, as ssh-keygen -lf prints it.
    private const int FingerprintLength = 43;

    public ValidateOptionsResult Validate(string? name, CgfOptions options)
    {
        var errors = Check(options.Delivery, options.Export);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<string> Check(DeliveryOptions delivery, ExportOptions export)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(delivery.Mode))
            errors.Add($"Cgf:Delivery:Mode '{delivery.Mode}' is not Failover or All");
        if (delivery.FailuresBeforeSwitch is < 1 or > 1000)
            errors.Add($"Cgf:Delivery:FailuresBeforeSwitch {delivery.FailuresBeforeSwitch} is not in 1-1000");
        if (delivery.ReturnAfter <= TimeSpan.Zero)
            errors.Add("Cgf:Delivery:ReturnAfter must be positive");
        if (delivery.PollInterval <= TimeSpan.Zero || delivery.PollInterval > TimeSpan.FromMinutes(10))
            errors.Add("Cgf:Delivery:PollInterval must be positive and at most 10 minutes");
        if (delivery.Timeout < TimeSpan.FromSeconds(1) || delivery.Timeout > TimeSpan.FromMinutes(10))
            errors.Add("Cgf:Delivery:Timeout must be 1 second to 10 minutes");
        if (delivery.UndeliveredAlarmFiles < 1)
            errors.Add("Cgf:Delivery:UndeliveredAlarmFiles must be at least 1");
        if (delivery.NotReadyAfter <= TimeSpan.Zero)
            errors.Add("Cgf:Delivery:NotReadyAfter must be positive");
        if (delivery.Destinations.Count > 0 && string.IsNullOrWhiteSpace(export.Directory))
            errors.Add("Cgf:Delivery:Destinations needs Cgf:Export:Directory: delivery sends the files the server exports there");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < delivery.Destinations.Count; i++)
        {
            var destination = delivery.Destinations[i];
            var key = $"Cgf:Delivery:Destinations:{i}";
            if (string.IsNullOrWhiteSpace(destination.Host))
                errors.Add($"{key}:Host is missing");
            if (destination.Port is < 1 or > 65535)
                errors.Add($"{key}:Port {destination.Port} is not in 1-65535");
            if (string.IsNullOrWhiteSpace(destination.User))
                errors.Add($"{key}:User is missing");
            if (string.IsNullOrWhiteSpace(destination.RemoteDirectory))
                errors.Add($"{key}:RemoteDirectory is blank (use . for the account's home)");
            if (!IsFingerprint(destination.HostKeyFingerprint))
                errors.Add($"{key}:HostKeyFingerprint '{destination.HostKeyFingerprint}' is not a SHA256:... fingerprint as ssh-keygen -lf prints it " +
                    "(required: an unknown host key is never trusted)");
            if (KeyFileError(destination.PrivateKeyFile) is { } keyError)
                errors.Add($"{key}:PrivateKeyFile {keyError}");
            if (!keys.Add(destination.Key))
                errors.Add($"{key} repeats destination {destination.Key}");
        }
        return errors;
    }

    public static bool IsFingerprint(string? value) =>
        value is not null && value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length == Prefix.Length + FingerprintLength &&
        value.AsSpan(Prefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") < 0;

    private static string? KeyFileError(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return "is missing";
        try
        {
            using var key = new PrivateKeyFile(path);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be read: {exception.Message}";
        }
        catch (Exception exception) when (exception is SshException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return $"'{path}' is not an unencrypted private key SSH.NET can use: {exception.Message}";
        }
    }
}
