namespace Charging.CdrFiles;

/// <summary>
/// A CDR release and version as TS 32.297 codes them (docs/cdr-formats.md §4): release code in
/// bits 8-6 (0 R99, 1 Rel-4 … 6 Rel-9, 7 Rel-10 or later with an extension octet = release − 10),
/// version in bits 5-1 = the plain second digit of the TS version (unlike GTP', which adds 1).
/// </summary>
/// <param name="Release">3GPP release number: 3 stands for R99, 4 for Rel-4, … 17 for Rel-17.</param>
/// <param name="Version">Second digit of the TS version (0-31).</param>
public readonly record struct CdrReleaseVersion(int Release, int Version) : IComparable<CdrReleaseVersion>
{
    private const int ExtendedCode = 7;

    /// <summary>The 3-bit release code.</summary>
    public int ReleaseCode => Release <= 3 ? 0 : Release >= 10 ? ExtendedCode : Release - 3;

    /// <summary>True when a release identifier extension octet follows (code 7).</summary>
    public bool HasExtension => ReleaseCode == ExtendedCode;

    /// <summary>The release identifier extension (release − 10), meaningful when <see cref="HasExtension"/>.</summary>
    public byte Extension => (byte)Math.Clamp(Release - 10, 0, 255);

    /// <summary>The release/version octet: release code in bits 8-6, version in bits 5-1.</summary>
    public byte Octet => (byte)(ReleaseCode << 5 | Math.Clamp(Version, 0, 31));

    public static CdrReleaseVersion FromOctets(byte octet, byte extension)
    {
        var code = octet >> 5;
        var release = code == 0 ? 3 : code < ExtendedCode ? code + 3 : 10 + extension;
        return new CdrReleaseVersion(release, octet & 0x1F);
    }

    public int CompareTo(CdrReleaseVersion other) =>
        Release != other.Release ? Release.CompareTo(other.Release) : Version.CompareTo(other.Version);

    public override string ToString() => Release == 3 ? $"R99 v{Version}" : $"Rel-{Release} v{Version}";
}
