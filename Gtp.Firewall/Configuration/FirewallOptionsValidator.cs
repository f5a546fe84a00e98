using Cdf.Client.Configuration;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Policies;
using Microsoft.Extensions.Options;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// The one validation of <see cref="FirewallOptions"/>: the charging section (its delivery settings by
/// <see cref="CdfOptionsValidator"/>, then the firewall's own), then everything the policy compiler checks (names,
/// address sets, prefixes, zones, policies), then the queue, the alarm levels and the HTTP endpoint. <c>run</c> gets it through the options pipeline
/// (<c>ValidateOnStart</c>); <c>replay</c> and <c>config convert</c> call <see cref="Compile"/>.
/// </summary>
public sealed class FirewallOptionsValidator : IValidateOptions<FirewallOptions>
{
    // The delivery settings are bound from the charging section itself, so their keys are Firewall:Charging:….
    private static readonly CdfOptionsValidator DeliveryValidator = new(ChargingOptions.SectionPath);
    private const string StatePathKey = ChargingOptions.SectionPath + ":" + nameof(CdfOptions.StatePath);
    private const string OutboxKey = ChargingOptions.SectionPath + ":" + nameof(ChargingOptions.Outbox);

    public ValidateOptionsResult Validate(string? name, FirewallOptions options)
        => Check(options, out _) is { } error ? ValidateOptionsResult.Fail(error.Message) : ValidateOptionsResult.Success;

    /// <summary>Validates <paramref name="options"/> and returns the compiled policy; the first error throws, naming its key.</summary>
    public static FirewallPolicy Compile(FirewallOptions options)
        => Check(options, out var policy) is { } error ? throw error : policy!;

    private static FirewallConfigurationException? Check(FirewallOptions options, out FirewallPolicy? policy)
    {
        policy = null;
        if (CheckDelivery(options.Charging) is { } delivery)
        {
            return delivery;
        }
        if (options.Charging.Validate() is { } charging)
        {
            return new FirewallConfigurationException(charging.Key, charging.Message);
        }
        try
        {
            policy = FirewallPolicyCompiler.Compile(options);
        }
        catch (FirewallConfigurationException ex)
        {
            return ex;
        }
        if (options.Queue.Validate() is { } queue)
        {
            policy = null;
            return FromLine(queue);
        }
        if (options.MaxTunnels is < 1 or > FirewallOptions.MaxTunnelsLimit)
        {
            policy = null;
            return new FirewallConfigurationException($"{FirewallOptions.SectionName}:{nameof(FirewallOptions.MaxTunnels)}",
                $"{options.MaxTunnels} is not 1-{FirewallOptions.MaxTunnelsLimit}");
        }
        if (options.Alarms.Validate() is { } alarms)
        {
            policy = null;
            return FromLine(alarms);
        }
        if (options.Http.Errors(FirewallOptions.SectionName + ":Http").FirstOrDefault() is { } http)
        {
            policy = null;
            // The shared endpoint's lines are "KEY problem" (the key, a space, then why).
            var space = http.IndexOf(' ', StringComparison.Ordinal);
            return new FirewallConfigurationException(http[..space], http[(space + 1)..]);
        }
        return null;
    }

    /// <summary>
    /// The first problem of the delivery settings; none while charging is off (no CGFs), since nothing uses them then
    /// and <see cref="CdfOptionsValidator"/> requires a CGF.
    /// </summary>
    private static FirewallConfigurationException? CheckDelivery(ChargingOptions charging)
    {
        if (!charging.Enabled || DeliveryValidator.Validate(null, charging.Cdf) is not { Failed: true } result)
        {
            return null;
        }
        var (key, problem) = Split(result.Failures.First());
        // The firewall's name for CdfOptions.StatePath is Outbox (Firewall:Charging:Outbox).
        return new FirewallConfigurationException(key == StatePathKey ? OutboxKey : key, problem);
    }

    /// <summary>A validator's "key: problem" line as the exception naming that key.</summary>
    private static FirewallConfigurationException FromLine(string line)
    {
        var (key, problem) = Split(line);
        return new FirewallConfigurationException(key, problem);
    }

    private static (string Key, string Problem) Split(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return (line[..colon], line[(colon + 2)..]);
    }
}
