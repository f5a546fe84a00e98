using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Storage.Cdf;

namespace Cdf.Client.Delivery;

/// <summary>Queued CDRs packed into Data Record Transfer Requests, and the exchanges that carry every request.</summary>
public sealed partial class CdfClient
{
    // Data Record Transfer Request overhead: header 6, PTC 2, IE 252 header 3 + 5 (docs/gtp-prime.md §3.1).
    private const int RequestOverhead = 16;

    // Used only by the delivery loop.
    private readonly int _window;

    /// <summary>
    /// Packs queued CDRs into new Send requests for the active CGF, up to the window. A request takes CDRs of one
    /// set of Data Record Packet identifiers only (IE 252 carries them once for all its records).
    /// </summary>
    private void SendNew()
    {
        if (ActivePath() is not { } path)
            return;
        List<QueuedCdr>? batch = null;
        while (path.Delivery.InFlight.Count < _window && !_queue.IsEmpty)
        {
            batch ??= new List<QueuedCdr>(_options.MaxCdrsPerRequest);
            batch.Clear();
            var bytes = RequestOverhead;
            var format = _defaultRecordFormat;
            while (batch.Count < _options.MaxCdrsPerRequest && _queue.TryPeek(out var cdr))
            {
                // Each queued CDR carries its identifiers; a request ends where they change.
                var cdrFormat = cdr.RecordFormat ?? _defaultRecordFormat;
                if (batch.Count == 0)
                    format = cdrFormat;
                else if (bytes + 2 + cdr.Data.Length > _options.MaxRequestBytes || cdrFormat != format)
                    break;
                _queue.TryDequeue(out _);
                batch.Add(cdr);
                bytes += 2 + cdr.Data.Length;
            }
            var request = new OutboxRequest
            {
                Path = path.Name,
                SequenceNumber = Allocate(path),
                Command = (byte)PacketTransferCommand.SendDataRecordPacket,
                State = OutboxRequestState.InFlight,
                FirstCdrId = batch[0].Id,
                LastCdrId = batch[^1].Id,
                CdrCount = batch.Count,
            };
            path.Delivery.Reserve(request.SequenceNumber);
            _changes.Added.Add(request);
            _changes.AssignedUpTo = request.LastCdrId;
            LaunchData(path, request, request.SequenceNumber, new OutboxRecords(batch.ConvertAll(c => c.Data), format));
        }
    }

    /// <summary>A data exchange for <paramref name="request"/>, with the identifiers of its CDRs (one run: see <see cref="SendNew"/>).</summary>
    private void LaunchData(CgfPath path, OutboxRequest request, ushort sequenceNumber, OutboxRecords records)
    {
        var format = records.RecordFormat ?? _defaultRecordFormat;
        // The extension octet is there only with Release Identifier 0 (Rel-16 and later; docs/gtp-prime.md §3.1).
        var packet = new DataRecordPacket(format.DataRecordFormat, format.ApplicationIdentifier, format.ReleaseIdentifier,
            format.VersionIdentifier, format.ReleaseIdentifier == 0 ? format.ReleaseIdentifierExtension : null,
            records.Records.Select(r => (ReadOnlyMemory<byte>)r).ToArray());
        var exchange = NewExchange(ExchangeKind.Data, path, sequenceNumber, request,
            new DataRecordTransferRequest((PacketTransferCommand)request.Command, packet));
        path.Delivery.InFlight.Add(exchange);
        _toLaunch.Add(exchange);
    }

    private static Exchange NewExchange(ExchangeKind kind, CgfPath path, ushort sequenceNumber, OutboxRequest? request, GtpPrimeMessage message) => new()
    {
        Kind = kind,
        Path = path,
        SequenceNumber = sequenceNumber,
        Request = request,
        Message = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, sequenceNumber, message),
    };

    private ushort Allocate(CgfPath path)
    {
        var sequenceNumber = path.Delivery.AllocateSequenceNumber();
        _changes.NextSequenceNumbers[path.Name] = path.Delivery.NextSequenceNumber;
        return sequenceNumber;
    }

    private CgfPath? PathOf(OutboxRequest request)
    {
        foreach (var path in _paths)
        {
            if (string.Equals(path.Name, request.Path, StringComparison.Ordinal))
                return path;
        }
        return null;
    }

    /// <summary>A stored request's records with the identifiers they were first sent with.</summary>
    private OutboxRecords LoadRecords(OutboxRequest request) => _outbox.LoadRecords(request.FirstCdrId, request.LastCdrId);
}
