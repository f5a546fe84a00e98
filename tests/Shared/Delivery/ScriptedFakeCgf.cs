using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Net;
using System.Net.Sockets;

namespace Tests.Shared.Delivery;

/// <summary>
/// A scripted GTP' peer for causes a real Cgf.Server never sends: each received frame goes to the script,
/// which returns the answer (or null for silence). Every received frame is recorded.
/// </summary>
internal sealed class ScriptedFakeCgf : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Func<GtpPrimeFrame, GtpPrimeMessage?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<GtpPrimeFrame> _received = [];

    public ScriptedFakeCgf(Func<GtpPrimeFrame, GtpPrimeMessage?> script, int port = 0)
    {
        _script = script;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        // A thread of its own blocked in receive: a frame is recorded when it arrives, not when a busy thread pool
        // (other test assemblies running) gets round to it; tests compare arrival times against T3.
        new Thread(Run) { IsBackground = true, Name = "scripted-fake-cgf" }.Start();
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public IReadOnlyList<GtpPrimeFrame> Received
    {
        get
        {
            lock (_received)
                return [.. _received];
        }
    }

    /// <summary>The Data Record Transfer Requests received (Echo and the like left out).</summary>
    public IReadOnlyList<GtpPrimeFrame> DataRequests => Received.Where(f => f.Message is DataRecordTransferRequest).ToList();

    private void Run()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
                continue;
            }
            // Copy: the decoded records are slices of the buffer.
            var message = buffer.AsMemory(0, received).ToArray();
            if (!GtpPrimeDecoder.TryDecode(message, out var frame, out _))
                continue;
            lock (_received)
                _received.Add(frame);
            try
            {
                if (_script(frame) is { } answer)
                    _socket.SendTo(GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, frame.Header.SequenceNumber, answer), from);
            }
            catch (Exception)
            {
                // A script or send that fails ends the fake, as an exception ending its loop did; never the test process.
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
