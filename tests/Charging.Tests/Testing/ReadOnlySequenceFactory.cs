using System.Buffers;

namespace Charging.Tests.Testing;

/// <summary>Builds multi-segment sequences to exercise framing across segment boundaries (as Kestrel's SegmentPerByteFactory).</summary>
internal static class ReadOnlySequenceFactory
{
    public static ReadOnlySequence<byte> SegmentPerByte(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(new[] { data[0] }, 0);
        var last = first;
        for (int i = 1; i < data.Length; i++)
        {
            last = last.Append(new[] { data[i] });
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
