namespace Charging.Cdr;

/// <summary>
/// Named bits of the ServiceConditionChange BIT STRING (TS 32.298 §5.1.2.2.47, docs/cdr-formats.md §2.2); the value
/// is the bit number, bit 0 being the most significant bit of the first content octet.
/// </summary>
public enum ServiceConditionChange
{
    QosChange = 0,
    SgsnChange = 1,
    SgsnPlmnIdChange = 2,
    TariffTimeSwitch = 3,
    PdpContextRelease = 4,
    RatChange = 5,
    ConfigurationChange = 8,
    RecordClosure = 24,
    TimeLimit = 25,
    VolumeLimit = 26,
    ECgiChange = 29,
    TaiChange = 30,
    UserLocationChange = 31,
}
