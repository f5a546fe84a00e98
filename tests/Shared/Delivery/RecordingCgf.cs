using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Net;
using System.Net.Sockets;

namespace Tests.Shared.Delivery;

/// <summary>
/// A plain UDP socket standing for a CGF: records the bytes of the Data Record Transfer Requests it receives and,
/// if asked, answers them with 128 (Echo and the like are left unanswered).
/// </summary>
internal sealed class RecordingCgf : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10000 };
    private readonly byte[] _buffer = new byte[65536];

    public RecordingCgf() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Receives until <paramref name="count"/> distinct requests arrived; their bytes as hex, by sequence number.</summary>
    public Dictionary<ushort, string> ReceiveDataRequests(int count, bool answer)
    {
        var received = new Dictionary<ushort, string>();
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (received.Count < count)
        {
            var length = _socket.ReceiveFrom(_buffer, ref from);
            var bytes = _buffer.AsMemory(0, length).ToArray();
            Assert.True(GtpPrimeDecoder.TryDecode(bytes, out var frame, out var error), error.ToString());
            if (frame.Message is not DataRecordTransferRequest)
                continue;
            received.TryAdd(frame.Header.SequenceNumber, Convert.ToHexString(bytes));
            if (answer)
            {
                _socket.SendTo(GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, frame.Header.SequenceNumber,
                    new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, [frame.Header.SequenceNumber])), from);
            }
        }
        return received;
    }

    /// <summary>Drops what is waiting (retransmissions of a stopped CDF), so later receives see only new sends.</summary>
    public void Discard()
    {
        while (_socket.Available > 0)
            _socket.Receive(_buffer);
    }

    public void Dispose() => _socket.Dispose();
}
