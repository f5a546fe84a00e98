namespace Gtp.Firewall.Gtp.V0;

/// <summary>GTPv0 message types (TS 09.60 §7.1).</summary>
public static class GtpV0MessageType
{
    public const byte EchoRequest = 1;
    public const byte EchoResponse = 2;
    public const byte VersionNotSupported = 3;
    public const byte CreatePdpContextRequest = 16;
    public const byte CreatePdpContextResponse = 17;
    public const byte UpdatePdpContextRequest = 18;
    public const byte UpdatePdpContextResponse = 19;
    public const byte DeletePdpContextRequest = 20;
    public const byte DeletePdpContextResponse = 21;
    public const byte SgsnContextRequest = 50;
    public const byte SgsnContextResponse = 51;
    public const byte SgsnContextAcknowledge = 52;
    public const byte TPdu = 255;

    /// <summary>1-7, 16-30, 32-37, 48-52, 240-241, 255 (go-gtp gtpv0/message/message.go).</summary>
    public static bool IsKnown(byte type)
        => type is (>= 1 and <= 7) or (>= 16 and <= 30) or (>= 32 and <= 37) or (>= 48 and <= 52) or 240 or 241 or 255;

    public static string Name(byte type) => type switch
    {
        EchoRequest => "Echo Request",
        EchoResponse => "Echo Response",
        VersionNotSupported => "Version Not Supported",
        CreatePdpContextRequest => "Create PDP Context Request",
        CreatePdpContextResponse => "Create PDP Context Response",
        UpdatePdpContextRequest => "Update PDP Context Request",
        UpdatePdpContextResponse => "Update PDP Context Response",
        DeletePdpContextRequest => "Delete PDP Context Request",
        DeletePdpContextResponse => "Delete PDP Context Response",
        SgsnContextRequest => "SGSN Context Request",
        SgsnContextResponse => "SGSN Context Response",
        SgsnContextAcknowledge => "SGSN Context Acknowledge",
        TPdu => "T-PDU",
        _ => $"Type {type}",
    };
}
