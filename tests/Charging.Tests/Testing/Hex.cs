namespace Charging.Tests.Testing;

/// <summary>Hex strings written by hand in tests; spaces separate IEs for reading.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
