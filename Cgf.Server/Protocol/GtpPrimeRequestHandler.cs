using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Reload;
using Charging.Ber;
using Charging.CdrFiles;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storage.Cgf.Ledger;
using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace Cgf.Server.Protocol;

/// <summary>
/// Handles one received GTP' message, whatever the transport: access check, decode, answer or
/// hand the request to the storage writer. Synchronous and non-blocking: nothing here waits for disk.
/// </summary>
public sealed class GtpPrimeRequestHandler
{

    private readonly CgfOptions _options;
    private readonly LiveCgfOptions _live;
    private readonly CgfState _state;
    private readonly PeerRegistry _peers;
    private readonly PeerRequester _requester;
    private readonly OverloadMonitor _overload;
    private readonly FreeDiskMonitor _freeDisk;
    private readonly CgfMetrics _metrics;
    private readonly RateLimitedLog _log;
    private readonly ILogger _logger;


    public GtpPrimeRequestHandler(IOptions<CgfOptions> options, LiveCgfOptions live, CgfState state, PeerRegistry peers, PeerRequester requester,
        OverloadMonitor overload, FreeDiskMonitor freeDisk, CgfMetrics metrics, RateLimitedLog log, ILogger<GtpPrimeRequestHandler> logger)
    {
        _freeDisk = freeDisk;
        _options = options.Value;
        _live = live;
        _state = state;
        _peers = peers;
        _requester = requester;
        _overload = overload;
        _metrics = metrics;
        _log = log;
        _logger = logger;
    }

    /// <summary>True when <paramref name="source"/> is in Cgf:Peers; otherwise counts the drop and logs it at most once per Cgf:Limits:LogInterval per source.</summary>
    public bool IsAllowed(IPAddress source)
    {
        // One snapshot per check: a reload replaces the whole list (docs/cgf-design.md, "Live reload").
        foreach (var prefix in _live.Current.Peers)
        {
            if (PeerNetwork.Matches(prefix, source))
                return true;
        }
        _metrics.Dropped("peer-not-allowed");
        _log.PeerNotAllowed(_logger, source);
        return false;
    }

    /// <summary>Handles one whole message. <paramref name="message"/> is only valid during the call.</summary>
    public void Handle(ReadOnlyMemory<byte> message, IPAddress source, string peer, IReplyChannel channel)
    {
        if (!GtpPrimeDecoder.TryDecode(message, out var frame, out var error))
        {
            HandleDecodeError(error, peer, channel);
            return;
        }
        var header = frame.Header;
        _metrics.Request(header.MessageType);
        _peers.Touch(peer, source);

        switch (frame.Message)
        {
            case DataRecordTransferRequest request:
                HandleTransfer(request, header, source, peer, channel);
                break;
            case EchoRequest:
                Reply(channel, header, new EchoResponse(_state.RestartCounter));
                break;
            case NodeAliveRequest nodeAlive:
                if (_log.ShouldLog(_logger, source, PeerLogKind.NodeAlive, out var suppressed))
                    Log.NodeAliveReceived(_logger, peer, nodeAlive.NodeAddress, suppressed);
                Reply(channel, header, new NodeAliveResponse());
                break;
            case RedirectionRequest redirection:
                if (_log.ShouldLog(_logger, source, PeerLogKind.Redirection, out suppressed))
                    Log.RedirectionReceived(_logger, peer, (int)redirection.Cause, suppressed);
                Reply(channel, header, new RedirectionResponse(GtpPrimeCause.RequestAccepted));
                break;
            case VersionNotSupported:
                if (_log.ShouldLog(_logger, source, PeerLogKind.VersionNotSupported, out suppressed))
                    Log.PeerVersionNotSupported(_logger, peer, GtpPrimeHeaderForm.V2.Version, suppressed);
                _requester.OnResponse(peer, header.SequenceNumber, frame.Message);
                break;
            case EchoResponse or NodeAliveResponse or RedirectionResponse:
                if (!_requester.OnResponse(peer, header.SequenceNumber, frame.Message))
                    _metrics.Dropped("unexpected-response");
                break;
            default:
                _metrics.Dropped("unexpected-message");
                break;
        }
    }

    private void HandleDecodeError(GtpDecodeError error, string peer, IReplyChannel channel)
    {
        Log.Malformed(_logger, peer, error.ToString());
        switch (error.Status)
        {
            case GtpDecodeStatus.VersionNotSupported:
                // Header only, with our highest version (docs/gtp-prime.md §1); the request's sequence number.
                channel.Send(GtpPrimeHeaderForm.V2, error.Header?.SequenceNumber ?? 0, new VersionNotSupported());
                _metrics.Response(GtpPrimeMessageType.VersionNotSupported, 0);
                return;
            case GtpDecodeStatus.NotGtpPrime:
                _metrics.Dropped("not-gtp-prime");
                return;
            case GtpDecodeStatus.UnknownMessageType:
                _metrics.Dropped("unknown-message-type");
                return;
        }
        if (error.Header is { MessageType: GtpPrimeMessageType.DataRecordTransferRequest } header)
        {
            var cause = error.Status.ToCause() ?? GtpPrimeCause.InvalidMessageFormat;
            _metrics.Request(header.MessageType);
            CountRejected(peer, null, cause);
            Reply(channel, header, new DataRecordTransferResponse(cause, [header.SequenceNumber]));
            return;
        }
        // Echo, Node Alive, Redirection and responses carry no cause to answer with: drop and count.
        _metrics.Dropped("malformed");
    }

    private void HandleTransfer(DataRecordTransferRequest request, GtpPrimeHeader header, IPAddress source, string peer, IReplyChannel channel)
    {
        if (!_state.IsStorageOpen || _overload.ShouldReject(_state.Writer.QueueDepth))
        {
            CountRejected(peer, KindOf(request), GtpPrimeCause.NoResourcesAvailable);
            Reply(channel, header, new DataRecordTransferResponse(GtpPrimeCause.NoResourcesAvailable, [header.SequenceNumber]));
            return;
        }

        // Records in a format no TS 32.297 CDR header code stands for are refused before anything is stored
        // (docs/gtp-prime.md §3.1); an empty packet (a test packet) carries no record to label.
        if (request.Packet is { IsEmpty: false } packet && RecordFormatCause.Refusal(packet.DataRecordFormat) is { } refusal)
        {
            CountRejected(peer, KindOf(request), refusal);
            // A peer configured with a wrong format sends every request with it: one line per interval.
            if (_log.ShouldLog(_logger, source, PeerLogKind.RecordFormatRefused, out var suppressed))
                Log.RecordFormatRefused(_logger, peer, packet.DataRecordFormat, (byte)refusal, suppressed);
            Reply(channel, header, new DataRecordTransferResponse(refusal, [header.SequenceNumber]));
            return;
        }

        var transfer = request.Command switch
        {
            PacketTransferCommand.SendDataRecordPacket => DataTransfer(TransferKind.Send, request.Packet!, header, peer, channel),
            PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket when request.Packet!.IsEmpty =>
                new PendingTransfer { Peer = peer, SequenceNumber = header.SequenceNumber, Kind = TransferKind.TestPacket, Channel = channel, Form = header.Form },
            PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket => DataTransfer(TransferKind.SendPossiblyDuplicated, request.Packet!, header, peer, channel),
            PacketTransferCommand.CancelDataRecordPacket => Resolution(TransferKind.Cancel, request.CancelledPackets!, header, peer, channel),
            PacketTransferCommand.ReleaseDataRecordPacket => Resolution(TransferKind.Release, request.ReleasedPackets!, header, peer, channel),
            _ => null,
        };
        // Below Cgf:Storage:MinFreeDisk no new CDRs are taken; test packets, Release and Cancel still resolve what is held.
        if (_freeDisk.IsLow && transfer?.Kind is TransferKind.Send or TransferKind.SendPossiblyDuplicated)
        {
            CountRejected(peer, transfer.Kind, GtpPrimeCause.NoResourcesAvailable);
            Reply(channel, header, new DataRecordTransferResponse(GtpPrimeCause.NoResourcesAvailable, [header.SequenceNumber]));
            return;
        }
        if (transfer is null)
        {
            CountRejected(peer, null, GtpPrimeCause.MandatoryIeIncorrect);
            Reply(channel, header, new DataRecordTransferResponse(GtpPrimeCause.MandatoryIeIncorrect, [header.SequenceNumber]));
            return;
        }
        if (!_state.Writer.TryEnqueue(transfer))
            Reply(channel, header, new DataRecordTransferResponse(GtpPrimeCause.NoResourcesAvailable, [header.SequenceNumber]));
    }

    /// <summary>
    /// A request answered here, not by the writer, is still counted under its peer (status report: every peer that
    /// sent anything, by request and cause). Without open storage there is nowhere to count it.
    /// </summary>
    private void CountRejected(string peer, TransferKind? kind, GtpPrimeCause cause)
    {
        if (_state.IsStorageOpen)
            _state.Writer.CountRejected(peer, kind, $"cause{(byte)cause}");
    }

    private static TransferKind? KindOf(DataRecordTransferRequest request) => request.Command switch
    {
        PacketTransferCommand.SendDataRecordPacket => TransferKind.Send,
        PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket when request.Packet!.IsEmpty => TransferKind.TestPacket,
        PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket => TransferKind.SendPossiblyDuplicated,
        PacketTransferCommand.CancelDataRecordPacket => TransferKind.Cancel,
        PacketTransferCommand.ReleaseDataRecordPacket => TransferKind.Release,
        _ => null,
    };

    private static PendingTransfer DataTransfer(TransferKind kind, DataRecordPacket packet, GtpPrimeHeader header, string peer, IReplyChannel channel)
    {
        var records = new IncomingRecord[packet.Records.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var data = packet.Records[i].ToArray();
            // Exactly the BER records are checked as BER; PER records (the only other formats stored, see
            // RecordFormatCause) are stored as received. The fields the cdrs query uses are decoded later, off the
            // ingest path, by the idle-time indexer (CdrIndexer).
            if (packet.DataRecordFormat == DataRecordFormat.Ber && !BerValidator.TryValidate(data, out var offset))
                records[i] = new IncomingRecord(data, false, $"not well-formed BER at record offset {offset}");
            else
                records[i] = new IncomingRecord(data, true);
        }
        return new PendingTransfer
        {
            Peer = peer,
            SequenceNumber = header.SequenceNumber,
            Kind = kind,
            ContentHash = HashPacket(packet),
            RecordFormat = packet.DataRecordFormat << 24 | (packet.ApplicationIdentifier & 0xF) << 20 |
                           (packet.ReleaseIdentifier & 0xF) << 16 | packet.VersionIdentifier << 8 | (packet.ReleaseIdentifierExtension ?? 0),
            Records = records,
            Channel = channel,
            Form = header.Form,
        };
    }

    private static PendingTransfer Resolution(TransferKind kind, IReadOnlyList<ushort> sequences, GtpPrimeHeader header, string peer, IReplyChannel channel)
    {
        Span<byte> bytes = stackalloc byte[1 + 2 * Math.Min(sequences.Count, 32767)];
        bytes[0] = (byte)kind;
        for (var i = 0; i < sequences.Count && 1 + 2 * i < bytes.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(bytes[(1 + 2 * i)..], sequences[i]);
        return new PendingTransfer
        {
            Peer = peer,
            SequenceNumber = header.SequenceNumber,
            Kind = kind,
            ContentHash = ContentDigest.Hash(bytes),
            Sequences = sequences.ToArray(),
            Channel = channel,
            Form = header.Form,
        };
    }

    /// <summary>
    /// What makes a Data Record Packet "the same content again": its identifiers and every record, length-prefixed.
    /// Stored in <c>transfers</c>, so this definition never changes. Hashed from the records where they lie.
    /// </summary>
    internal static UInt128 HashPacket(DataRecordPacket packet)
    {
        var digest = ContentDigest.Start();
        digest.Append(
        [
            packet.DataRecordFormat, packet.ApplicationIdentifier, packet.ReleaseIdentifier, packet.VersionIdentifier,
            packet.ReleaseIdentifierExtension ?? 0,
        ]);
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var record in packet.Records)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, record.Length);
            digest.Append(length);
            digest.Append(record.Span);
        }
        return digest.Finish();
    }

    private void Reply(IReplyChannel channel, GtpPrimeHeader request, GtpPrimeMessage response)
    {
        channel.Send(request.Form, request.SequenceNumber, response);
        _metrics.Response(response.MessageType, response is DataRecordTransferResponse drt ? drt.Cause : 0);
    }
}
