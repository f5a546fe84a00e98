namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// The message names of the Junos <c>drop</c> statement and the message types each covers per GTP version: a name
/// covers its request, response and acknowledge (TS 09.60 §7.1, TS 29.060 §7.1, TS 29.274 §6.1; docs/gtp-firewall.md §8).
/// </summary>
internal static class JunosMessageNames
{
    private static readonly Dictionary<string, (int[] V0, int[] V1, int[] V2)> Names = new(StringComparer.Ordinal)
    {
        ["echo"] = ([1, 2], [1, 2], [1, 2]),
        ["ver-not-supported"] = ([3], [3], [3]),
        ["node-alive"] = ([4, 5], [4, 5], []),
        ["redirection"] = ([6, 7], [6, 7], []),
        ["create-pdp"] = ([16, 17], [16, 17], []),
        ["update-pdp"] = ([18, 19], [18, 19], []),
        ["delete-pdp"] = ([20, 21], [20, 21], []),
        ["create-aa-pdp"] = ([22, 23], [], []),
        ["aa-create-pdp"] = ([22, 23], [], []),
        ["aa-delete-pdp"] = ([24, 25], [], []),
        ["initiate-pdp"] = ([], [22, 23], []),
        ["error-indication"] = ([26], [26], []),
        ["pdu-notification"] = ([27, 28, 29, 30], [27, 28, 29, 30], []),
        ["supported-extension"] = ([], [31], []),
        ["send-route"] = ([32, 33], [32, 33], []),
        ["failure-report"] = ([34, 35], [34, 35], []),
        ["note-ms-present"] = ([36, 37], [36, 37], []),
        ["identification"] = ([48, 49], [48, 49], []),
        ["sgsn-context"] = ([50, 51, 52], [50, 51, 52], []),
        ["fwd-relocation"] = ([], [53, 54, 55, 59], [133, 134, 135, 136]),
        ["relocation-cancel"] = ([], [56, 57], [139, 140]),
        ["fwd-srns-context"] = ([], [58, 60], []),
        ["ran-info"] = ([], [70], []),
        ["data-record"] = ([240, 241], [240, 241], []),
        ["g-pdu"] = ([255], [255], []),
        ["create-session"] = ([], [], [32, 33]),
        ["modify-bearer"] = ([], [], [34, 35]),
        ["delete-session"] = ([], [], [36, 37]),
        ["create-bearer"] = ([], [], [95, 96]),
        ["update-bearer"] = ([], [], [97, 98]),
        ["delete-bearer"] = ([], [], [99, 100]),
        ["delete-pdn-connection-set"] = ([], [], [101, 102]),
        ["context"] = ([], [], [130, 131, 132]),
        ["create-indirect-data-forwarding-tunnel"] = ([], [], [166, 167]),
        ["delete-indirect-data-forwarding-tunnel"] = ([], [], [168, 169]),
        ["release-access-bearers"] = ([], [], [170, 171]),
    };

    /// <summary>The types <paramref name="name"/> (a name above or a number 1-255) covers in <paramref name="version"/>; empty when none.</summary>
    public static int[]? Types(string name, int version)
    {
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return number is >= 1 and <= 255 ? [number] : null;
        if (!Names.TryGetValue(name, out var types))
            return null;
        return version switch { 0 => types.V0, 1 => types.V1, _ => types.V2 };
    }
}
