using Gtp.Firewall.Policies;
using Microsoft.Extensions.Options;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// The one validation of <see cref="FirewallOptions"/>: the charging section, then everything the policy compiler
/// checks (names, address sets, prefixes, zones, policies), then the queue. <c>run</c> gets it through the options
/// pipeline (<c>ValidateOnStart</c>); <c>replay</c> and <c>config convert</c> call <see cref="Compile"/>.
/// </summary>
public sealed class FirewallOptionsValidator : IValidateOptions<FirewallOptions>
{
    public ValidateOptionsResult Validate(string? name, FirewallOptions options)
        => Check(options, out _) is { } error ? ValidateOptionsResult.Fail(error.Message) : ValidateOptionsResult.Success;

    /// <summary>Validates <paramref name="options"/> and returns the compiled policy; the first error throws, naming its key.</summary>
    public static FirewallPolicy Compile(FirewallOptions options)
        => Check(options, out var policy) is { } error ? throw error : policy!;

    private static FirewallConfigurationException? Check(FirewallOptions options, out FirewallPolicy? policy)
    {
        policy = null;
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
            // QueueOptions.Validate already names the key in its line.
            var colon = queue.IndexOf(": ", StringComparison.Ordinal);
            policy = null;
            return new FirewallConfigurationException(queue[..colon], queue[(colon + 2)..]);
        }
        return null;
    }
}
