using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>GTPv2-C (TS 29.274): sessions, piggybacking, deletion, framing.</summary>
public class GtpV2ControlTests
{
    [Fact]
    public void CreateSessionCommitsABearerOnTheAcceptedResponse()
    {
        var h = new Harness();
        h.Control(YvSgw1, XhPgw, V2Flow.CreateSessionRequest(YvSgw1));
        Assert.Equal(0, h.Engine.Tunnels.Count);
        h.Control(XhPgw, YvSgw1, V2Flow.CreateSessionResponse());
        var t = h.SingleContext();
        Assert.Equal(2, t.Version);
        Assert.Equal(5, t.Nsapi);
        Assert.Equal(V2Flow.SgwTeidU, t.ServingUserTeid);
        Assert.Equal(V2Flow.PgwTeidU, t.AnchorUserTeid);
        Assert.Equal("100.64.0.1", t.EndUser.ToString());
        Assert.Equal("ims", t.Apn);
    }

    [Fact]
    public void RejectedCreateSessionCreatesNothing()
    {
        var h = new Harness();
        h.Control(YvSgw1, XhPgw, V2Flow.CreateSessionRequest(YvSgw1));
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, V2Flow.CreateSessionResponse(cause: 64)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void ABearerRejectedInsideAnAcceptedResponseIsNotCreated()
    {
        var h = new Harness();
        h.Control(YvSgw1, XhPgw, V2Flow.CreateSessionRequest(YvSgw1));
        var response = Gtp2.Message(33, V2Flow.SgwTeidC, 1, Gtp2.Cause(16), Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, XhPgw),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(73), Gtp2.FTeid(2, 5, V2Flow.PgwTeidU, XhPgw)));
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, response).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void AChangedRecoveryInAGtpV2EchoDeletesThePeersSessions()
    {
        var h = new Harness();
        V2Flow.Establish(h); // Create Session Request carried Recovery 7
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Echo(1, 9, 7)).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Echo(1, 10, 8)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void PiggybackedCreateBearerRequestIsInspectedWithTheResponse()
    {
        var h = new Harness();
        h.Control(YvSgw1, XhPgw, V2Flow.CreateSessionRequest(YvSgw1));
        var first = V2Flow.CreateSessionResponse();
        first[0] |= 0x10; // P = 1
        var carried = Gtp2.Message(95, V2Flow.SgwTeidC, 2, Gtp2.Ebi(5), Gtp2.BearerContext(0, Gtp2.Ebi(0)));
        var r = h.Control(XhPgw, YvSgw1, [.. first, .. carried]);
        Assert.Equal(Verdict.Permit, r.Verdict);
        Assert.Equal(95, r.PiggybackedType);
        Assert.Equal(1, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void PiggybackedMessageWithItsOwnPFlagIsInvalid()
    {
        var h = new Harness();
        var first = Gtp2.Build(33, 1, 1, piggyback: true, Gtp2.Cause(16));
        var carried = Gtp2.Build(95, 1, 2, piggyback: true, Gtp2.Ebi(5));
        Assert.Equal(DropReason.InvalidPiggyback, h.Control(XhPgw, YvSgw1, [.. first, .. carried]).Reason);
    }

    [Fact]
    public void PiggybackFlagWithNothingCarriedIsInvalid()
    {
        var h = new Harness();
        Assert.Equal(DropReason.InvalidPiggyback, h.Control(XhPgw, YvSgw1, Gtp2.Build(33, 1, 1, piggyback: true, Gtp2.Cause(16))).Reason);
    }

    [Fact]
    public void DeleteSessionRemovesTheBearers()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(36, V2Flow.PgwTeidC, 9, Gtp2.Ebi(5))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Message(37, V2Flow.SgwTeidC, 9, Gtp2.Cause(16))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Equal(DropReason.NoTunnel, V2Flow.Uplink(h, YvSgw1).Reason);
    }

    [Fact]
    public void DeleteBearerRemovesTheNamedBearer()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Message(99, V2Flow.SgwTeidC, 11, Gtp2.Ebi(5, instance: 1))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(100, V2Flow.PgwTeidC, 11, Gtp2.Cause(16))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void ModifyBearerForAnUnknownTeidIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.NoTunnel, h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1)).Reason);
    }

    [Fact]
    public void EchoWithoutTeidIsAccepted()
    {
        var h = new Harness();
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Echo(1, 5, 1)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Echo(2, 5, 1)).Verdict);
    }

    [Fact]
    public void NonEchoMessageWithoutTeidIsMalformed()
    {
        var h = new Harness();
        var csr = Gtp2.Echo(1, 5, 1);
        csr[1] = 32;
        Assert.Equal(DropReason.GtpHeaderMalformed, h.Control(YvSgw1, XhPgw, csr).Reason);
    }

    [Fact]
    public void IeOverrunningTheMessageIsMalformed()
    {
        var h = new Harness();
        var msg = Gtp2.Message(32, 0, 1, Gtp2.Imsi(Imsi), new ByteBuilder().U8(87).U16(40).U8(0).U32(1));
        Assert.Equal(DropReason.IeMalformed, h.Control(YvSgw1, XhPgw, msg).Reason);
    }

    [Fact]
    public void FTeidWithoutAddressFlagsIsMalformed()
    {
        var h = new Harness();
        var msg = Gtp2.Message(32, 0, 1, Gtp2.Imsi(Imsi), Gtp2.Ie(87, 0, new ByteBuilder().U8(6).U32(1)));
        Assert.Equal(DropReason.IeMalformed, h.Control(YvSgw1, XhPgw, msg).Reason);
    }

    [Fact]
    public void CreateSessionWithoutBearerContextIsMissingAMandatoryIe()
    {
        var h = new Harness();
        var msg = Gtp2.Message(32, 0, 1, Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 6, 1, YvSgw1));
        Assert.Equal(DropReason.MandatoryIeMissing, h.Control(YvSgw1, XhPgw, msg).Reason);
    }

    [Fact]
    public void GtpV1UpdatesMayUpdateAGtpV2Bearer()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        // Gn/S5 interworking: an Update PDP Context Request to the PGW's control TEID (the same GW).
        var update = Gtp1.Control(18, V2Flow.PgwTeidC, 3, Gtp1.TeidDataI(0x55), Gtp1.TeidControl(0x56), Gtp1.Nsapi(5),
            Gtp1.GsnAddress(YvSgw2), Gtp1.GsnAddress(YvSgw2));
        Assert.Equal(Verdict.Permit, h.Control(YvSgw2, XhPgw, update).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw2, Gtp1.Control(19, 0x56, 3, Gtp1.Cause(128))).Verdict);
        Assert.Equal(YvSgw2, h.SingleContext().ServingControl.ToString());
    }
}
