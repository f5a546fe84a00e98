using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>
/// Two queue threads on one engine, as <c>run</c> with Firewall:Queue:Count = 2 (docs/firewall-multicore.md): each
/// thread judges batches of its own packets holding the engine lock, one thread the control messages (their address
/// pair hashes to one queue), the other the G-PDUs (another address pair, another queue). The network's own order
/// holds (a G-PDU is sent after the Create response that made its tunnel was judged, the Delete after the session's
/// last G-PDU), and the end state must equal one thread judging the same packets in one order.
/// </summary>
public class SharedEngineTests
{
    private const int Sessions = 300;
    private const int Window = 16;
    private const string Sgsn = Scenario.YvSgw1;
    private const string Ggsn = Scenario.XhPgw;
    private static readonly long Now = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void TwoQueueThreadsWithInterleavedControlAndUserPacketsEndInTheSingleThreadState()
    {
        var sessions = Enumerable.Range(0, Sessions).Select(Session.Make).ToList();

        var serial = new Recorder();
        foreach (var s in sessions)
        {
            foreach (var packet in s.Creates.Concat(s.User).Concat(s.Deletes))
            {
                serial.Engine.Inspect(packet, Now, -1, -1);
            }
        }

        var shared = new Recorder();
        var engineLock = new Lock();
        var created = 0;
        var userDone = 0;
        var control = new Thread(() =>
        {
            var random = new Random(1);
            var nextCreate = 0;
            var nextDelete = 0;
            while (nextDelete < Sessions)
            {
                var batch = new List<byte[]>();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    if (nextDelete < Volatile.Read(ref userDone))
                        batch.AddRange(sessions[nextDelete++].Deletes);
                    else if (nextCreate < Sessions && nextCreate - nextDelete < Window)
                        batch.AddRange(sessions[nextCreate++].Creates);
                }
                Judge(shared.Engine, engineLock, batch);
                Volatile.Write(ref created, nextCreate);
                if (batch.Count == 0)
                    Thread.Yield();
            }
        });
        var user = new Thread(() =>
        {
            var random = new Random(2);
            for (var k = 0; k < Sessions; k++)
            {
                while (Volatile.Read(ref created) <= k)
                    Thread.Yield();
                var packets = sessions[k].User;
                for (var i = 0; i < packets.Length;)
                {
                    var size = Math.Min(random.Next(1, 5), packets.Length - i);
                    Judge(shared.Engine, engineLock, packets.AsSpan(i, size).ToArray());
                    i += size;
                }
                Volatile.Write(ref userDone, k + 1);
            }
        });
        control.Start();
        user.Start();
        Assert.True(control.Join(TimeSpan.FromSeconds(60)) && user.Join(TimeSpan.FromSeconds(60)), "the queue threads did not finish");

        var expected = serial.Engine.Counters.Snapshot();
        Assert.Equal(Sessions, expected.TunnelsCreated);
        Assert.Equal(Sessions, expected.TunnelsDeleted);
        Assert.Equal(Sessions, expected.Drops["NoTunnel"]);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(shared.Engine.Counters.Snapshot()));
        Assert.Equal(0, shared.Engine.Tunnels.Count);
        Assert.Equal(serial.ClosedUsage(), shared.ClosedUsage());
    }

    /// <summary>What <c>NetfilterQueue.Run</c> does with one received batch: every packet judged under the lock, in order.</summary>
    private static void Judge(GtpInspectionEngine engine, Lock engineLock, IReadOnlyList<byte[]> batch)
    {
        lock (engineLock)
        {
            foreach (var packet in batch)
            {
                engine.Inspect(packet, Now, -1, -1);
            }
        }
    }

    /// <summary>One GTPv1 PDP context k: its own IMSI and TEIDs, 4 G-PDUs each way, and one G-PDU to a TEID no tunnel has.</summary>
    private sealed record Session(byte[][] Creates, byte[][] User, byte[][] Deletes)
    {
        public static Session Make(int k)
        {
            var imsi = $"0010100000{k:D5}";
            uint sgsnC = 0x10000 + (uint)k, sgsnU = 0x20000 + (uint)k, ggsnC = 0x30000 + (uint)k, ggsnU = 0x40000 + (uint)k;
            var seq = 2 * k + 1;
            var creates = new[]
            {
                Control(Sgsn, Ggsn, Gtp1.Control(16, 0, seq, Gtp1.Imsi(imsi), Gtp1.TeidDataI(sgsnU), Gtp1.TeidControl(sgsnC), Gtp1.Nsapi(5),
                    Gtp1.EndUserDynamic(), Gtp1.Apn("internet"), Gtp1.GsnAddress(Sgsn), Gtp1.GsnAddress(Sgsn))),
                Control(Ggsn, Sgsn, Gtp1.Control(17, sgsnC, seq, Gtp1.Cause(128), Gtp1.TeidDataI(ggsnU), Gtp1.TeidControl(ggsnC),
                    Gtp1.EndUserIPv4("100.64.0.9"), Gtp1.GsnAddress(Ggsn), Gtp1.GsnAddress(Ggsn))),
            };
            var user = new List<byte[]>();
            for (var i = 0; i < 4; i++)
            {
                user.Add(UserPacket(Sgsn, Ggsn, Gtp1.GPdu(ggsnU, Harness.InnerPacket(60 + 10 * i + k % 7))));
                user.Add(UserPacket(Ggsn, Sgsn, Gtp1.GPdu(sgsnU, Harness.InnerPacket(200 + 10 * i))));
            }
            user.Add(UserPacket(Sgsn, Ggsn, Gtp1.GPdu(0x7F000000 + (uint)k, Harness.InnerPacket(80))));
            var deletes = new[]
            {
                Control(Sgsn, Ggsn, Gtp1.Control(20, ggsnC, seq + 1, Gtp1.Nsapi(5))),
                Control(Ggsn, Sgsn, Gtp1.Control(21, sgsnC, seq + 1, Gtp1.Cause(128))),
            };
            return new Session(creates, [.. user], deletes);
        }

        private static byte[] Control(string from, string to, byte[] gtp) => Ip.Udp(from, to, 2123, 2123, gtp);

        private static byte[] UserPacket(string from, string to, byte[] gtp) => Ip.Udp(from, to, 2152, 2152, gtp);
    }

    /// <summary>An engine recording the usage of each context when it is deleted (the tunnel observer's view).</summary>
    private sealed class Recorder : ITunnelObserver
    {
        private readonly ConcurrentBag<string> _closed = [];

        public Recorder() => Engine = new GtpInspectionEngine(FirewallPolicyCompiler.Compile(Scenario.Options()), NullFirewallLog.Instance, this);

        public GtpInspectionEngine Engine { get; }

        public string ClosedUsage() => string.Join('\n', _closed.Order(StringComparer.Ordinal));

        public void TunnelCreated(in TunnelInfo tunnel)
        {
        }

        public void TunnelUpdated(in TunnelInfo tunnel, IpAddress128 previousServingControl, IpAddress128 previousServingUser)
        {
        }

        public void TunnelDeleted(in TunnelInfo tunnel, TunnelDeleteReason reason) =>
            _closed.Add($"{tunnel.ImsiDigits}/{tunnel.Nsapi} {reason} {tunnel.Usage}");
    }
}
