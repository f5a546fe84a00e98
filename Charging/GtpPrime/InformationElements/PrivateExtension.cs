namespace Charging.GtpPrime.InformationElements;

/// <summary>Private Extension, IE 255: IANA enterprise number, then opaque value octets.</summary>
public sealed record PrivateExtension(ushort ExtensionIdentifier, ReadOnlyMemory<byte> Value);
