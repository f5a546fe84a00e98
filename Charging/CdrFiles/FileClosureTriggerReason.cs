namespace Charging.CdrFiles;

/// <summary>File closure trigger reason of the TS 32.297 file header (docs/cdr-formats.md §4).</summary>
public enum FileClosureTriggerReason : byte
{
    NormalClosure = 0,
    FileSizeLimitReached = 1,
    FileOpenTimeLimitReached = 2,
    MaximumNumberOfCdrsReached = 3,
    ManualClosure = 4,
    CdrReleaseVersionOrEncodingChange = 5,
    // 6-127 not used here.
    AbnormalClosure = 128,
    FileSystemError = 129,
    FileSystemStorageExhausted = 130,
    FileIntegrityError = 131,
}
