namespace Gtp.Firewall.Gtp.V1;

/// <summary>GTPv1-C message types (TS 29.060 §7.1 Table 1).</summary>
public static class GtpV1MessageType
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
    public const byte InitiatePdpContextActivationRequest = 22;
    public const byte InitiatePdpContextActivationResponse = 23;
    public const byte SgsnContextRequest = 50;
    public const byte SgsnContextResponse = 51;
    public const byte SgsnContextAcknowledge = 52;
    public const byte ForwardRelocationRequest = 53;
    public const byte ForwardRelocationResponse = 54;
    public const byte ForwardRelocationComplete = 55;
    public const byte RelocationCancelRequest = 56;
    public const byte RelocationCancelResponse = 57;
    public const byte ForwardSrnsContext = 58;
    public const byte ForwardRelocationCompleteAcknowledge = 59;
    public const byte ForwardSrnsContextAcknowledge = 60;

    /// <summary>1-3, 16-23, 26-37, 48-62, 70, 96-121, 128-129, 240-241 (open5gs lib/gtp/v1/message.h).</summary>
    public static bool IsKnown(byte type)
        => type is (>= 1 and <= 3) or (>= 16 and <= 23) or (>= 26 and <= 37) or (>= 48 and <= 62) or 70
            or (>= 96 and <= 121) or 128 or 129 or 240 or 241;

    /// <summary>The handover messages of TS 29.060 §7.5 (SGSN Context, Forward Relocation).</summary>
    public static bool IsHandover(byte type) => type is >= SgsnContextRequest and <= ForwardSrnsContextAcknowledge;

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
        InitiatePdpContextActivationRequest => "Initiate PDP Context Activation Request",
        InitiatePdpContextActivationResponse => "Initiate PDP Context Activation Response",
        SgsnContextRequest => "SGSN Context Request",
        SgsnContextResponse => "SGSN Context Response",
        SgsnContextAcknowledge => "SGSN Context Acknowledge",
        ForwardRelocationRequest => "Forward Relocation Request",
        ForwardRelocationResponse => "Forward Relocation Response",
        ForwardRelocationComplete => "Forward Relocation Complete",
        RelocationCancelRequest => "Relocation Cancel Request",
        RelocationCancelResponse => "Relocation Cancel Response",
        ForwardSrnsContext => "Forward SRNS Context",
        ForwardRelocationCompleteAcknowledge => "Forward Relocation Complete Acknowledge",
        ForwardSrnsContextAcknowledge => "Forward SRNS Context Acknowledge",
        _ => $"Type {type}",
    };
}
