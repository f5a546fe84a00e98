namespace Gtp.Firewall.Gtp.V2;

/// <summary>GTPv2-C message types (TS 29.274 §6.1 Table 6.1-1).</summary>
public static class GtpV2MessageType
{
    public const byte EchoRequest = 1;
    public const byte EchoResponse = 2;
    public const byte VersionNotSupportedIndication = 3;
    public const byte CreateSessionRequest = 32;
    public const byte CreateSessionResponse = 33;
    public const byte ModifyBearerRequest = 34;
    public const byte ModifyBearerResponse = 35;
    public const byte DeleteSessionRequest = 36;
    public const byte DeleteSessionResponse = 37;
    public const byte CreateBearerRequest = 95;
    public const byte CreateBearerResponse = 96;
    public const byte UpdateBearerRequest = 97;
    public const byte UpdateBearerResponse = 98;
    public const byte DeleteBearerRequest = 99;
    public const byte DeleteBearerResponse = 100;
    public const byte DeletePdnConnectionSetRequest = 101;
    public const byte DeletePdnConnectionSetResponse = 102;
    public const byte ContextRequest = 130;
    public const byte ContextResponse = 131;
    public const byte ContextAcknowledge = 132;
    public const byte ForwardRelocationRequest = 133;
    public const byte ForwardRelocationResponse = 134;
    public const byte ForwardRelocationCompleteNotification = 135;
    public const byte ForwardRelocationCompleteAcknowledge = 136;
    public const byte CreateIndirectDataForwardingTunnelRequest = 166;
    public const byte CreateIndirectDataForwardingTunnelResponse = 167;
    public const byte DeleteIndirectDataForwardingTunnelRequest = 168;
    public const byte DeleteIndirectDataForwardingTunnelResponse = 169;
    public const byte ReleaseAccessBearersRequest = 170;
    public const byte ReleaseAccessBearersResponse = 171;

    /// <summary>The message types of Table 6.1-1 (gtplib message_type_v2).</summary>
    public static bool IsKnown(byte type)
        => type is (>= 1 and <= 3) or (>= 32 and <= 39) or (>= 64 and <= 73) or (>= 95 and <= 102) or 128 or 129
            or (>= 130 and <= 141) or 149 or 150 or (>= 160 and <= 171) or 176 or 177 or 179 or 180 or 200 or 201;

    /// <summary>S3/S10/S16 handover messages (Context, Forward Relocation; TS 29.274 §7.3).</summary>
    public static bool IsHandover(byte type) => type is >= ContextRequest and <= ForwardRelocationCompleteAcknowledge;

    public static string Name(byte type) => type switch
    {
        EchoRequest => "Echo Request",
        EchoResponse => "Echo Response",
        VersionNotSupportedIndication => "Version Not Supported Indication",
        CreateSessionRequest => "Create Session Request",
        CreateSessionResponse => "Create Session Response",
        ModifyBearerRequest => "Modify Bearer Request",
        ModifyBearerResponse => "Modify Bearer Response",
        DeleteSessionRequest => "Delete Session Request",
        DeleteSessionResponse => "Delete Session Response",
        CreateBearerRequest => "Create Bearer Request",
        CreateBearerResponse => "Create Bearer Response",
        UpdateBearerRequest => "Update Bearer Request",
        UpdateBearerResponse => "Update Bearer Response",
        DeleteBearerRequest => "Delete Bearer Request",
        DeleteBearerResponse => "Delete Bearer Response",
        DeletePdnConnectionSetRequest => "Delete PDN Connection Set Request",
        DeletePdnConnectionSetResponse => "Delete PDN Connection Set Response",
        ContextRequest => "Context Request",
        ContextResponse => "Context Response",
        ContextAcknowledge => "Context Acknowledge",
        ForwardRelocationRequest => "Forward Relocation Request",
        ForwardRelocationResponse => "Forward Relocation Response",
        ForwardRelocationCompleteNotification => "Forward Relocation Complete Notification",
        ForwardRelocationCompleteAcknowledge => "Forward Relocation Complete Acknowledge",
        CreateIndirectDataForwardingTunnelRequest => "Create Indirect Data Forwarding Tunnel Request",
        CreateIndirectDataForwardingTunnelResponse => "Create Indirect Data Forwarding Tunnel Response",
        DeleteIndirectDataForwardingTunnelRequest => "Delete Indirect Data Forwarding Tunnel Request",
        DeleteIndirectDataForwardingTunnelResponse => "Delete Indirect Data Forwarding Tunnel Response",
        ReleaseAccessBearersRequest => "Release Access Bearers Request",
        ReleaseAccessBearersResponse => "Release Access Bearers Response",
        _ => $"Type {type}",
    };
}
