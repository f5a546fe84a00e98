namespace Cgf.Server.Delivery;

/// <summary>An attempt at a destination failed, classified once at the SFTP boundary (<see cref="SftpDestination"/>).</summary>
public sealed class DeliveryException(DeliveryFailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public DeliveryFailureKind Kind { get; } = kind;
}
