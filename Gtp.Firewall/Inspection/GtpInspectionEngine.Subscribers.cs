using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// Subscriber fields for charging (docs/firewall-design.md, "Subscriber fields"): read from create and update
/// requests only while <see cref="Subscribers"/> is set, handed over when the response commits. Control plane only;
/// the G-PDU path never comes here.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    /// <summary>Who receives the subscriber fields (the charging observer); null = they are not read at all.</summary>
    public ISubscriberObserver? Subscribers { get; set; }

    /// <summary>v0/v1 Create/Update PDP Context Request: the fields into <paramref name="request"/>; IeMalformed when one is.</summary>
    private DropReason CaptureV1(ReadOnlySpan<byte> ies, bool v0, PendingRequest request)
    {
        if (Subscribers is null)
        {
            return DropReason.None;
        }
        var status = SubscriberElementsV1.Read(ies, v0, out var fields);
        request.Subscriber = fields;
        return status;
    }

    /// <summary>Create Session / Update Bearer Request: checked now, kept to be read per bearer at the response.</summary>
    private DropReason CaptureV2(ReadOnlySpan<byte> ies, PendingRequest request, bool perBearer)
    {
        if (Subscribers is null)
        {
            return DropReason.None;
        }
        var status = SubscriberElementsV2.Read(ies, ebi: 0, out var fields);
        if (perBearer)
        {
            request.SubscriberIes = ies.ToArray();
        }
        else
        {
            request.Subscriber = fields;
        }
        return status;
    }

    private void SubscriberCaptured(int slot, SubscriberFields? fields)
    {
        if (Subscribers is { } observer && fields is not null)
        {
            observer.SubscriberCaptured(Tunnels.IdOf(slot), fields);
        }
    }

    /// <summary>
    /// Create Session Response: the request's fields for this bearer; the answering node's IPv6 control address, and
    /// the Bearer QoS / APN-AMBR where the PGW changed them (TS 29.274 §7.2.2: present only then).
    /// </summary>
    private void SubscriberCapturedV2(int slot, PendingRequest pending, ReadOnlySpan<byte> responseIes)
    {
        if (Subscribers is not { } observer || pending.SubscriberIes is not { } ies)
        {
            return;
        }
        var ebi = Tunnels.Slot(slot).Nsapi;
        if (SubscriberElementsV2.Read(ies, ebi, out var fields) != DropReason.None)
        {
            return;
        }
        // A response whose subscriber IEs are malformed keeps the request's values; the response itself passed.
        if (SubscriberElementsV2.Read(responseIes, ebi, out var answered) == DropReason.None)
        {
            fields = fields with
            {
                AnchorControlIpv6 = answered.ServingControlIpv6,
                Qos = answered.Qos ?? fields.Qos,
                ApnAmbr = answered.ApnAmbr ?? fields.ApnAmbr,
            };
        }
        observer.SubscriberCaptured(Tunnels.IdOf(slot), fields);
    }

    /// <summary>v0/v1 responses: the negotiated QoS profile (TS 29.060 §7.3.2, §7.3.4) replaces the requested one.</summary>
    private void NegotiatedQosV1(PendingRequest pending, ReadOnlySpan<byte> responseIes, bool v0)
    {
        if (Subscribers is not null && pending.Subscriber is { } requested
            && SubscriberElementsV1.Read(responseIes, v0, out var answered) == DropReason.None && answered.Qos is { } qos)
        {
            pending.Subscriber = requested with { Qos = qos };
        }
    }

    private void SubscriberChanged(int slot, PendingRequest pending)
    {
        if (Subscribers is not { } observer)
        {
            return;
        }
        var fields = pending.Subscriber;
        if (pending.SubscriberIes is { } ies && SubscriberElementsV2.Read(ies, Tunnels.Slot(slot).Nsapi, out var perBearer) == DropReason.None)
        {
            fields = perBearer;
        }
        if (fields is not null && !fields.IsEmpty)
        {
            observer.SubscriberChanged(Tunnels.IdOf(slot), fields);
        }
    }
}
