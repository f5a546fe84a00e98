namespace Charging.CdrFiles;

/// <summary>
/// The identifiers of the Data Record Packet a CDR arrived in (TS 32.295; docs/gtp-prime.md §3.1,
/// docs/cdr-formats.md §3), as the CGF stores them packed in one integer:
/// format &lt;&lt; 24 | application &lt;&lt; 20 | release &lt;&lt; 16 | version &lt;&lt; 8 | release extension.
/// </summary>
public readonly record struct CdrRecordFormat(byte DataRecordFormat, byte ApplicationIdentifier, byte ReleaseIdentifier,
    byte VersionIdentifier, byte ReleaseIdentifierExtension)
{
    /// <summary>Data Record Format 1: BER (<see cref="CdrFiles.DataRecordFormat"/>).</summary>
    public const byte Ber = CdrFiles.DataRecordFormat.Ber;

    public static CdrRecordFormat Unpack(int packed) => new(
        (byte)(packed >> 24), (byte)(packed >> 20 & 0xF), (byte)(packed >> 16 & 0xF), (byte)(packed >> 8), (byte)packed);

    public int Pack() =>
        DataRecordFormat << 24 | (ApplicationIdentifier & 0xF) << 20 | (ReleaseIdentifier & 0xF) << 16 | VersionIdentifier << 8 | ReleaseIdentifierExtension;

    /// <summary>
    /// The TS 32.297 release/version of these GTP' identifiers: release = the release nibble, or the
    /// extension when the nibble is 0 (Rel-16+); version = GTP' version identifier − 1 (GTP' codes the
    /// TS version's second digit + 1, 32.297 the plain digit; docs/cdr-formats.md §3, §4).
    /// </summary>
    public CdrReleaseVersion ToReleaseVersion()
    {
        var release = ReleaseIdentifier != 0 ? ReleaseIdentifier : ReleaseIdentifierExtension;
        return new CdrReleaseVersion(release == 0 ? 3 : release, Math.Max(VersionIdentifier - 1, 0));
    }

    /// <summary>
    /// The GTP' identifiers of a CDR whose TS 32.297 per-CDR header gives <paramref name="releaseVersion"/>: the inverse of
    /// <see cref="ToReleaseVersion"/>. Release Identifier = the release up to 15, else 0 with the release as extension;
    /// version identifier = the TS version's second digit + 1 (docs/cdr-formats.md §3, §4).
    /// </summary>
    public static CdrRecordFormat FromReleaseVersion(CdrReleaseVersion releaseVersion, byte dataRecordFormat, byte applicationIdentifier)
    {
        var release = (byte)Math.Clamp(releaseVersion.Release, 0, byte.MaxValue);
        var version = (byte)(Math.Clamp(releaseVersion.Version, 0, 31) + 1);
        return release >= 16
            ? new CdrRecordFormat(dataRecordFormat, applicationIdentifier, 0, version, release)
            : new CdrRecordFormat(dataRecordFormat, applicationIdentifier, release, version, 0);
    }

    /// <summary>
    /// The 32.297 per-CDR "data record format" code (bits 8-6) for these records: the same number for GTP' 1-3; false for
    /// any other GTP' value, which no CDR header code stands for (<see cref="CdrFiles.DataRecordFormat"/>).
    /// </summary>
    public bool TryGetFileDataRecordFormat(out byte fileCode) => CdrFiles.DataRecordFormat.TryGetFileCode(DataRecordFormat, out fileCode);
}
