namespace Charging.Cdr;

/// <summary>CauseForRecClosing (docs/cdr-formats.md §2.5); only the values this product emits.</summary>
public enum CauseForRecClosing
{
    NormalRelease = 0,
    PartialRecord = 1,
    AbnormalRelease = 4,
    VolumeLimit = 16,
    TimeLimit = 17,
    ServingNodeChange = 18,
    ManagementIntervention = 20,
}
