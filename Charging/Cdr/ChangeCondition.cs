namespace Charging.Cdr;

/// <summary>ChangeCondition ENUMERATED of ChangeOfCharCondition (docs/cdr-formats.md §2.4); values 3-5 are not defined.</summary>
public enum ChangeCondition
{
    QosChange = 0,
    TariffTime = 1,
    RecordClosure = 2,
    CgiSaiChange = 6,
    RaiChange = 7,
    ECgiChange = 10,
    TaiChange = 11,
    UserLocationChange = 12,
}
