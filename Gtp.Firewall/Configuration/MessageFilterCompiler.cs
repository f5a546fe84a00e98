using Gtp.Firewall.Filtering;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Validates and compiles a profile's message filters (drop lists, length ranges, GTP-U checks) into a
/// <see cref="MessageFilter"/>; the first error throws a <see cref="FirewallConfigurationException"/> naming its key.
/// </summary>
internal static class MessageFilterCompiler
{
    public static MessageFilter Compile(string profileKey, GtpProfileOptions options)
    {
        var dropped = new bool[]?[3];
        if (options.DropMessageTypes is { } drop)
        {
            dropped[0] = Types($"{profileKey}:DropMessageTypes:V0", drop.V0);
            dropped[1] = Types($"{profileKey}:DropMessageTypes:V1", drop.V1);
            dropped[2] = Types($"{profileKey}:DropMessageTypes:V2", drop.V2);
        }
        var lengths = new (int Min, int Max)[3];
        if (options.MessageLength is { } length)
        {
            lengths[0] = Range($"{profileKey}:MessageLength:V0", length.V0);
            lengths[1] = Range($"{profileKey}:MessageLength:V1", length.V1);
            lengths[2] = Range($"{profileKey}:MessageLength:V2", length.V2);
        }
        var checks = (options.SequenceNumberValidated ? GtpUChecks.SequenceNumbers : GtpUChecks.None)
            | (options.GtpInGtpDenied ? GtpUChecks.GtpInGtpDenied : GtpUChecks.None)
            | (options.EndUserAddressValidated ? GtpUChecks.EndUserAddress : GtpUChecks.None);
        var filter = new MessageFilter(dropped, lengths, checks);
        return filter.IsEmpty ? MessageFilter.None : filter;
    }

    private static bool[]? Types(string key, List<int> types)
    {
        if (types.Count == 0)
            return null;
        var set = new bool[256];
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] is < 1 or > 255)
                throw new FirewallConfigurationException($"{key}:{i}", $"{types[i]} is not a message type (1-255)");
            set[types[i]] = true;
        }
        return set;
    }

    private static (int Min, int Max) Range(string key, LengthRangeOptions? range)
    {
        if (range is null)
            return (0, ushort.MaxValue);
        var min = range.Min ?? 0;
        var max = range.Max ?? ushort.MaxValue;
        if (min is < 0 or > ushort.MaxValue)
            throw new FirewallConfigurationException($"{key}:Min", $"{min} is not 0-65535");
        if (max is < 1 or > ushort.MaxValue)
            throw new FirewallConfigurationException($"{key}:Max", $"{max} is not 1-65535");
        if (min > max)
            throw new FirewallConfigurationException(key, $"Min {min} is above Max {max}");
        return (min, max);
    }
}
