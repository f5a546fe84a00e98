using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Charging.GtpPrime.Transport;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Tool.Bench;

/// <summary>
/// <c>cdf bench --raw</c>: one CDF without an outbox, to measure the CGF alone. A UDP socket (or with <c>--tcp</c> a
/// TCP connection, messages back to back) on its own loopback address (its own sequence space at the CGF), a window
/// of Data Record Transfer Requests in flight, no retransmission; a request unanswered for a second is counted lost.
/// At a fixed rate, request n is sent at the start plus n over the rate (never before, and only while the window has
/// room).
/// </summary>
internal static class RawFlow
{
    public sealed record Result(long AcknowledgedRequests, long SentInWindow, long Rejected, long Lost, List<double> LatenciesMs);

    // Header 6, PTC 2, IE 252 type + length 3, packet header with extension 5, record length 2 (docs/gtp-prime.md §3.1).
    private const int FirstRecordOffset = 6 + 2 + 3 + 5 + 2;

    public static Result Run(IPEndPoint target, IPAddress source, bool tcp, int perRequest, int window, int recordBytes, TimeSpan warmUp,
        TimeSpan duration, double? requestsPerSecond)
    {
        using var socket = tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        // Connected: no address to pass or check per datagram, and sends go out many per system call.
        socket.Connect(target);
        using var sends = tcp ? null : new DatagramBatch(socket, 64);
        // TCP: the requests of one refill are written with one send, the answers read as they come and split by length.
        var stream = tcp ? new byte[1 << 20] : [];
        var streamed = 0;
        socket.ReceiveBufferSize = 4 << 20;
        socket.ReceiveTimeout = 1000;
        var sentAt = new long[65536];
        var record = Record(recordBytes);
        var records = Enumerable.Range(0, perRequest).Select(_ => (ReadOnlyMemory<byte>)record).ToArray();
        // Encoded once; each send patches the sequence number and a counter in every record (unique content),
        // so the flow spends its CPU on the socket, not on encoding.
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, 1, 0, 0x0B, 17, records);
        var send = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 0, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        // Room for a whole message after a partial one (TCP); one datagram (UDP).
        var receive = new byte[2 * GtpPrimeFrameReader.MaxFrameLength];
        var pending = 0;
        var latencies = new List<double>(1 << 20);
        // Unique per flow (the address's last octet) and per run (the start second, 24 bits: 194 days), 2^32 CDRs a run:
        // a second run against the same CGF sends new content, not retransmissions it would answer 253.
        long counter = ((long)source.GetAddressBytes()[3] << 56) | ((DateTimeOffset.UtcNow.ToUnixTimeSeconds() & 0xFF_FFFF) << 32);
        ushort nextSequence = 0;
        var inFlight = 0;
        long acknowledged = 0, rejected = 0, lost = 0, sentInWindow = 0;

        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long paced = 0;
        var chunk = requestsPerSecond is { } rate ? Math.Max(1, (long)(rate / 1000)) : 1;
        // Paced UDP reads without blocking; TCP stays blocking for whole writes and reads only what is there.
        socket.Blocking = requestsPerSecond is null || tcp;
        var lastArrival = origin;
        var schedule = new PaceSchedule(origin, requestsPerSecond, measureFrom, (long)(PaceSchedule.MaxLag.TotalSeconds * Stopwatch.Frequency),
            Stopwatch.Frequency);
        // Nothing answered for the timeout: what is in flight is lost, and a late answer to it is ignored.
        void CountInFlightLost()
        {
            lost += inFlight;
            inFlight = 0;
            Array.Clear(sentAt);
        }
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end && inFlight == 0)
                break;
            schedule.Before(now, paced);
            while (now < end && inFlight < window && schedule.Due(paced) <= now)
            {
                BinaryPrimitives.WriteUInt16BigEndian(send.AsSpan(4), nextSequence);
                for (var i = 0; i < perRequest; i++)
                    BinaryPrimitives.WriteInt64BigEndian(send.AsSpan(FirstRecordOffset + i * (record.Length + 2) + record.Length - 8), ++counter);
                sentAt[nextSequence] = Stopwatch.GetTimestamp();
                if (sends is null)
                {
                    if (streamed + send.Length > stream.Length)
                        Write();
                    send.CopyTo(stream, streamed);
                    streamed += send.Length;
                }
                else
                {
                    if (sends.Queued == sends.Capacity)
                        sends.Flush(out _);
                    sends.Queue(send, null);
                }
                nextSequence++;
                inFlight++;
                paced++;
                if (now >= measureFrom)
                    sentInWindow++;
            }
            // A datagram the kernel refused is a request lost like any other: its answer never comes.
            sends?.Flush(out _);
            Write();
            int received;
            if (requestsPerSecond is null)
            {
                try
                {
                    received = socket.Receive(receive, pending, receive.Length - pending, SocketFlags.None);
                }
                catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
                {
                    CountInFlightLost();
                    continue;
                }
            }
            else
            {
                // Paced: answers are read without blocking; with none waiting, sleep until a millisecond's worth of
                // requests is due (waking for every request cost the client more CPU than the server spent).
                var error = SocketError.WouldBlock;
                received = tcp && socket.Available == 0 ? 0 : socket.Receive(receive, pending, receive.Length - pending, SocketFlags.None, out error);
                if (error != SocketError.Success)
                {
                    if (inFlight > 0 && Stopwatch.GetElapsedTime(lastArrival).TotalSeconds >= 1)
                    {
                        CountInFlightLost();
                        lastArrival = Stopwatch.GetTimestamp();
                    }
                    // poll(2) counts in milliseconds: a shorter wait would not sleep at all.
                    if (now >= end || inFlight >= window || schedule.Due(paced + chunk - 1) > now)
                        socket.Poll(1000, SelectMode.SelectRead);
                    continue;
                }
            }
            var arrived = Stopwatch.GetTimestamp();
            lastArrival = arrived;
            if (!tcp)
            {
                Answered(receive.AsMemory(0, received), arrived);
                continue;
            }
            if (received == 0)
                throw new IOException("the CGF closed the TCP connection");
            // TCP: every whole message received so far; a partial one waits at the front for the rest.
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(receive, 0, pending + received));
            while (GtpPrimeFrameReader.TryReadFrame(ref reader, out var message, out _) == GtpPrimeFrameStatus.Frame)
                Answered(message.First, arrived);
            pending = (int)reader.Remaining;
            receive.AsSpan((int)reader.Consumed, pending).CopyTo(receive);
        }
        return new Result(acknowledged, sentInWindow, rejected, lost, latencies);

        // Everything queued for the TCP connection, in one write.
        void Write()
        {
            for (var at = 0; at < streamed;)
                at += socket.Send(stream, at, streamed - at, SocketFlags.None);
            streamed = 0;
        }

        void Answered(ReadOnlyMemory<byte> message, long arrived)
        {
            if (!GtpPrimeDecoder.TryDecode(message, out var frame, out _) || frame.Message is not DataRecordTransferResponse response)
                return;
            foreach (var sequence in response.RequestsResponded)
            {
                // An answer to a request already counted lost is not in flight any more.
                var sent = sentAt[sequence];
                if (sent == 0)
                    continue;
                sentAt[sequence] = 0;
                inFlight--;
                if (response.Cause != GtpPrimeCause.RequestAccepted)
                {
                    rejected++;
                    continue;
                }
                if (sent >= measureFrom && sent < end)
                {
                    acknowledged++;
                    latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
            }
        }
    }

    /// <summary>A well-formed SGW-CDR (BER) padded to <paramref name="size"/> octets with a userLocationInformation [32] OCTET STRING.</summary>
    private static byte[] Record(int size)
    {
        var fields = Convert.FromHexString(
            "800154830800010121436587f9a4068004c000020a85023039a6068004c0000214" +
            "8708696e7465726e65748d092405171015302b02008e013c8f010094010197020800bf23030a0102");
        var pad = Math.Max(8, size - 5 - fields.Length - 5);
        var content = new List<byte>(fields) { 0x9F, 0x20, 0x82, (byte)(pad >> 8), (byte)pad };
        content.AddRange(new byte[pad]);
        return [0xBF, 0x4E, 0x82, (byte)(content.Count >> 8), (byte)content.Count, .. content];
    }
}
