using Cdf.Client.Delivery;
using Cdf.Client.Tests.Delivery;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Tests.Protocol;

/// <summary>Requests a CGF sends to the CDF's path socket are answered there, with the request's number.</summary>
public sealed class CgfRequestTests
{
    [Fact]
    public async Task EchoNodeAliveAndRedirectionRequestsAreAnsweredOnThePathSocket_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        using var fake = new ScriptedFakeCgf(_ => null);
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        using var cgf = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        cgf.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        cgf.ReceiveTimeout = 5000;
        var cdf = new IPEndPoint(IPAddress.Loopback, options.Cgfs[0].LocalPort);

        for (var start = 1; start <= 2; start++)
        {
            await using var client = new CdfClient(options);
            client.Start();
            // The Recovery IE carries the CDF's restart counter, persisted in the outbox (docs/gtp-prime.md §5.3).
            var echo = Exchange(cgf, cdf, 40, new EchoRequest());
            Assert.Equal(start, Assert.IsType<EchoResponse>(echo.Message).Recovery);
            Assert.Equal(40, echo.Header.SequenceNumber);
        }

        await using (var client = new CdfClient(options))
        {
            client.Start();
            var nodeAlive = Exchange(cgf, cdf, 41, new NodeAliveRequest(IPAddress.Loopback));
            Assert.IsType<NodeAliveResponse>(nodeAlive.Message);
            Assert.Equal(41, nodeAlive.Header.SequenceNumber);

            var redirection = Exchange(cgf, cdf, 42, new RedirectionRequest(GtpPrimeCause.ThisNodeAboutToGoDown));
            Assert.Equal(GtpPrimeCause.RequestAccepted, Assert.IsType<RedirectionResponse>(redirection.Message).Cause);
            await Poll.UntilAsync(() => client.Paths[0].State == CgfPathState.Redirected);

            // Node Alive from the node brings it back.
            Exchange(cgf, cdf, 43, new NodeAliveRequest(IPAddress.Loopback));
            await Poll.UntilAsync(() => client.Paths[0].State == CgfPathState.Up);
        }
    }

    private static GtpPrimeFrame Exchange(Socket socket, IPEndPoint cdf, ushort sequenceNumber, GtpPrimeMessage request)
    {
        socket.SendTo(GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, sequenceNumber, request), cdf);
        var buffer = new byte[2048];
        var length = socket.Receive(buffer);
        Assert.True(GtpPrimeDecoder.TryDecode(buffer.AsMemory(0, length), out var frame, out var error), error.ToString());
        return frame;
    }
}
