namespace Gtp.Firewall.Gtp.U;

/// <summary>GTP-U message types (TS 29.281 §6.1 Table 6.1-1).</summary>
public static class GtpUMessageType
{
    public const byte EchoRequest = 1;
    public const byte EchoResponse = 2;
    public const byte ErrorIndication = 26;
    public const byte SupportedExtensionHeadersNotification = 31;
    public const byte EndMarker = 254;
    public const byte GPdu = 255;

    public static string Name(byte type) => type switch
    {
        EchoRequest => "Echo Request",
        EchoResponse => "Echo Response",
        ErrorIndication => "Error Indication",
        SupportedExtensionHeadersNotification => "Supported Extension Headers Notification",
        EndMarker => "End Marker",
        GPdu => "G-PDU",
        _ => $"Type {type}",
    };
}
