namespace Gtp.Firewall.Limits;

/// <summary>Junos <c>apn … action (pass | drop | selection …)</c>.</summary>
public enum ApnFilterAction : byte
{
    Pass,
    Drop,
    /// <summary>Pass only when the message's selection mode is one of the rule's.</summary>
    Selection,
}
