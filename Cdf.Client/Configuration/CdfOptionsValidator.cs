using Charging.CdrFiles;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;

namespace Cdf.Client.Configuration;

/// <summary>
/// Every rule on <see cref="CdfOptions"/> and its <see cref="CgfEndpointOptions"/>, in one place: the delivery
/// code, the <c>cdf</c> tool and a host binding the <c>Cdf</c> section all check the same. Each failure names the
/// setting by its configuration key (<c>Cdf:Cgfs:0:Port</c>) and says what it must be; all are reported at once.
/// </summary>
public sealed class CdfOptionsValidator : IValidateOptions<CdfOptions>
{
    // Number of Data Records is one octet (docs/gtp-prime.md §3.1).
    private const int MaxCdrsPerRequestLimit = byte.MaxValue;
    private const int MaxPort = ushort.MaxValue;
    private const int MaxNibble = 0x0F;

    private readonly string _section;

    /// <summary>Names each failure under the <c>Cdf</c> section.</summary>
    public CdfOptionsValidator() : this(CdfOptions.SectionName)
    {
    }

    /// <summary>Names each failure under <paramref name="section"/>, for a host that binds these options from its own section.</summary>
    public CdfOptionsValidator(string section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        _section = section;
    }

    public ValidateOptionsResult Validate(string? name, CdfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = _section;

        if (options.Cgfs.Count == 0)
            failures.Add($"{section}:Cgfs: at least one CGF is needed");
        for (var i = 0; i < options.Cgfs.Count; i++)
            ValidateEndpoint(options.Cgfs[i], Invariant($"{section}:Cgfs:{i}"), failures);
        if (string.IsNullOrWhiteSpace(options.StatePath))
            failures.Add($"{section}:StatePath: must name the outbox file");
        if (options.MaxCdrsPerRequest is < 1 or > MaxCdrsPerRequestLimit)
            failures.Add(Invariant($"{section}:MaxCdrsPerRequest: {options.MaxCdrsPerRequest} must be 1-255 (Number of Data Records is one octet)"));
        if (options.Window < 1)
            failures.Add(Invariant($"{section}:Window: {options.Window} must be at least 1"));
        if (options.MaxCdrsInFlight < 1)
            failures.Add(Invariant($"{section}:MaxCdrsInFlight: {options.MaxCdrsInFlight} must be at least 1"));
        if (options.N3 < 1)
            failures.Add(Invariant($"{section}:N3: {options.N3} must be at least 1 (transmissions of a request)"));
        if (options.T3 < RetransmissionPolicy.MinimumT3 || options.T3 > RetransmissionPolicy.MaximumT3)
            failures.Add(Invariant($"{section}:T3: {options.T3} must be between {RetransmissionPolicy.MinimumT3} and {RetransmissionPolicy.MaximumT3}"));
        if (options.EchoInterval <= TimeSpan.Zero)
            failures.Add(Invariant($"{section}:EchoInterval: {options.EchoInterval} must be positive"));
        // IE 252: only the formats a CGF can label in a TS 32.297 file are accepted (docs/gtp-prime.md §3.1).
        if (DataRecordFormat.Classify(options.DataRecordFormat) != DataRecordFormatClass.Exportable)
            failures.Add(Invariant($"{section}:DataRecordFormat: {options.DataRecordFormat} must be 1 (BER), 2 (unaligned PER) or 3 (aligned PER); a CGF refuses other formats"));
        // IE 252: Application and Release Identifier are one nibble each (docs/gtp-prime.md §3.1).
        if (options.ApplicationIdentifier > MaxNibble)
            failures.Add(Invariant($"{section}:ApplicationIdentifier: {options.ApplicationIdentifier} must be 0-15 (4 bits in IE 252)"));
        if (options.ReleaseIdentifier > MaxNibble)
            failures.Add(Invariant($"{section}:ReleaseIdentifier: {options.ReleaseIdentifier} must be 0-15 (4 bits in IE 252)"));
        if (options.BusyRetryDelay < TimeSpan.Zero)
            failures.Add(Invariant($"{section}:BusyRetryDelay: {options.BusyRetryDelay} must not be negative"));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoint(CgfEndpointOptions endpoint, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Host))
            failures.Add($"{key}:Host: must not be empty");
        if (endpoint.Port is < 1 or > MaxPort)
            failures.Add(Invariant($"{key}:Port: {endpoint.Port} is not a port (1-65535)"));
        if (endpoint.LocalPort is < 0 or > MaxPort)
            failures.Add(Invariant($"{key}:LocalPort: {endpoint.LocalPort} is not a port (0-65535, 0 = ephemeral)"));
        if (!string.IsNullOrEmpty(endpoint.LocalAddress) && !IPAddress.TryParse(endpoint.LocalAddress, out _))
            failures.Add($"{key}:LocalAddress: '{endpoint.LocalAddress}' is not an IP address");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
