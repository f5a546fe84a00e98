using Cgf.Server.Commands;

namespace Cgf.Server.Tests.Export;

public class CdrFileCommandTests
{
    [Fact]
    public void InspectReportsMalformedBerAtItsFileOffset()
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        bytes[60] = 0x05; // 30 05 00: length runs past the record
        Assert.False(CdrFileCommand.TryInspect(bytes, out _, out var error));
        Assert.Equal(59, error.Offset);
    }
}
