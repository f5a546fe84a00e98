using Gtp.Firewall.Capture;

namespace Gtp.Firewall.Tests.Capture;

public class LinkLayerDecoderTests
{
    [Fact]
    public void EthernetIPv4IsFoundAfterFourteenOctets()
    {
        var protocol = LinkLayerDecoder.Locate(LinkType.Ethernet, Frames.Ethernet(0x0800, Frames.IPv4Packet), out var offset);

        Assert.Equal(CaptureNetworkProtocol.IPv4, protocol);
        Assert.Equal(14, offset);
    }

    [Fact]
    public void EthernetIPv6IsFoundAfterFourteenOctets()
    {
        var protocol = LinkLayerDecoder.Locate(LinkType.Ethernet, Frames.Ethernet(0x86DD, Frames.IPv6Packet), out var offset);

        Assert.Equal(CaptureNetworkProtocol.IPv6, protocol);
        Assert.Equal(14, offset);
    }

    [Theory]
    [InlineData(new ushort[] { 0x8100 }, 18)]
    [InlineData(new ushort[] { 0x88A8, 0x8100 }, 22)]
    [InlineData(new ushort[] { 0x9100, 0x8100 }, 22)]
    [InlineData(new ushort[] { 0x88A8, 0x8100, 0x8100 }, 26)]
    public void VlanTagsAreSkipped(ushort[] tags, int expectedOffset)
    {
        var protocol = LinkLayerDecoder.Locate(LinkType.Ethernet, Frames.EthernetTagged(tags, 0x0800, Frames.IPv4Packet), out var offset);

        Assert.Equal(CaptureNetworkProtocol.IPv4, protocol);
        Assert.Equal(expectedOffset, offset);
    }

    [Fact]
    public void VlanTagCutShortIsNotIp()
    {
        var frame = Frames.EthernetTagged([0x8100], 0x0800, Frames.IPv4Packet)[..16];

        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.Ethernet, frame, out var offset));
        Assert.Equal(-1, offset);
    }

    [Fact]
    public void ArpIsNotIp()
    {
        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.Ethernet, Frames.Ethernet(0x0806, new byte[28]), out var offset));
        Assert.Equal(-1, offset);
    }

    [Fact]
    public void Ieee8023LengthFieldIsNotIp()
    {
        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.Ethernet, Frames.Ethernet(0x0040, new byte[64]), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(14)]
    public void ShortEthernetFrameIsNotIp(int length)
    {
        var frame = Frames.Ethernet(0x0800, Frames.IPv4Packet)[..length];

        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.Ethernet, frame, out _));
    }

    [Fact]
    public void LinuxSllIPv4IsFoundAfterSixteenOctets()
    {
        Assert.Equal(CaptureNetworkProtocol.IPv4, LinkLayerDecoder.Locate(LinkType.LinuxSll, Frames.LinuxSll(0x0800, Frames.IPv4Packet), out var offset));
        Assert.Equal(16, offset);
    }

    [Fact]
    public void LinuxSllWithVlanTagIsSkipped()
    {
        byte[] payload = [0x00, 0x64, 0x86, 0xDD, .. Frames.IPv6Packet];

        Assert.Equal(CaptureNetworkProtocol.IPv6, LinkLayerDecoder.Locate(LinkType.LinuxSll, Frames.LinuxSll(0x8100, payload), out var offset));
        Assert.Equal(20, offset);
    }

    [Fact]
    public void LinuxSll2IPv6IsFoundAfterTwentyOctets()
    {
        Assert.Equal(CaptureNetworkProtocol.IPv6, LinkLayerDecoder.Locate(LinkType.LinuxSll2, Frames.LinuxSll2(0x86DD, Frames.IPv6Packet), out var offset));
        Assert.Equal(20, offset);
    }

    [Theory]
    [InlineData(LinkType.Raw, 0x45, CaptureNetworkProtocol.IPv4)]
    [InlineData(LinkType.Raw, 0x60, CaptureNetworkProtocol.IPv6)]
    [InlineData(LinkType.Raw, 0x50, CaptureNetworkProtocol.NotIp)]
    [InlineData(LinkType.IPv4, 0x45, CaptureNetworkProtocol.IPv4)]
    [InlineData(LinkType.IPv6, 0x60, CaptureNetworkProtocol.IPv6)]
    [InlineData((LinkType)0, 0x45, CaptureNetworkProtocol.NotIp)]
    public void RawLinkTypesStartWithTheIpHeader(LinkType linkType, byte firstOctet, CaptureNetworkProtocol expected)
    {
        var protocol = LinkLayerDecoder.Locate(linkType, [firstOctet, 0, 0, 0], out var offset);

        Assert.Equal(expected, protocol);
        Assert.Equal(expected == CaptureNetworkProtocol.NotIp ? -1 : 0, offset);
    }

    [Fact]
    public void EmptyRawFrameIsNotIp()
    {
        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.Raw, [], out _));
        Assert.Equal(CaptureNetworkProtocol.NotIp, LinkLayerDecoder.Locate(LinkType.IPv4, [], out _));
    }
}
