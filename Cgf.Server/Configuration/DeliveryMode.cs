namespace Cgf.Server.Configuration;

/// <summary><c>Cgf:Delivery:Mode</c>: which destinations each export file goes to (docs/delivery-design.md).</summary>
public enum DeliveryMode
{
    /// <summary>Each file to the first healthy destination in priority order.</summary>
    Failover,
    /// <summary>Every file to every destination (e.g. billing and an archive).</summary>
    All,
}
