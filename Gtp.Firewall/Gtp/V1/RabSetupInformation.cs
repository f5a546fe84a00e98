using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// RAB Setup Information IE (146; TS 29.060 §7.7.39): NSAPI (low four bits), TEID Data I and the target RNC's
/// IP address (4 or 16 octets), where the source RNC forwards downlink data during SRNS relocation. A value of
/// length 1 carries only the NSAPI: the target RNC set up no forwarding for that RAB (release form).
/// </summary>
public readonly struct RabSetupInformation
{
    public byte Nsapi { get; init; }
    /// <summary>True for the length-1 form: no address and TEID, nothing to forward to.</summary>
    public bool IsRelease { get; init; }
    public uint TeidDataI { get; init; }
    public IpAddress128 RncAddress { get; init; }

    /// <summary>Reads the IE value (after type and length); false for any length but 1, 9 (IPv4) or 21 (IPv6).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out RabSetupInformation rab)
    {
        rab = default;
        if (value.Length == 1)
        {
            rab = new RabSetupInformation { Nsapi = (byte)(value[0] & 0x0F), IsRelease = true };
            return true;
        }
        if (value.Length is not (9 or 21) || !IpAddress128.TryRead(value.Slice(5), out var address))
        {
            return false;
        }
        rab = new RabSetupInformation
        {
            Nsapi = (byte)(value[0] & 0x0F),
            TeidDataI = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(1)),
            RncAddress = address,
        };
        return true;
    }
}
