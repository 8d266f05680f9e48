using ActorQuic.Http3.QPack;

namespace ActorQuic.Http3.Tests.QPack;

public class TableTests
{
    [Theory]
    [InlineData(0, ":authority", "")]
    [InlineData(1, ":path", "/")]
    [InlineData(17, ":method", "GET")]
    [InlineData(25, ":status", "200")]
    [InlineData(29, "accept", "*/*")]
    [InlineData(73, "access-control-allow-credentials", "FALSE")]
    [InlineData(85, "content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'")]
    [InlineData(98, "x-frame-options", "sameorigin")]
    public void StaticTableSpotChecks(int index, string name, string value)
    {
        Assert.Equal(new HeaderField(name, value), StaticTable.Get(index));
        Assert.Equal(index, StaticTable.FindExact(name, value));
    }

    [Fact]
    public void StaticTableLookups()
    {
        Assert.Equal(99, StaticTable.Count);
        Assert.False(StaticTable.TryGet(99, out _));
        Assert.Equal(15, StaticTable.FindName(":method"));
        Assert.Equal(24, StaticTable.FindName(":status"));
        Assert.Equal(-1, StaticTable.FindName("x-custom"));
        Assert.Equal(-1, StaticTable.FindExact(":method", "PATCH"));
        // Every entry is found at its own index by exact lookup (no duplicate lines in the table).
        for (int i = 0; i < StaticTable.Count; i++)
        {
            HeaderField f = StaticTable.Get(i);
            Assert.Equal(i, StaticTable.FindExact(f.Name, f.Value));
            Assert.True(StaticTable.FindName(f.Name) <= i);
        }
    }

    [Fact]
    public void DynamicTableIndexingAndEviction()
    {
        var t = new DynamicTable(220);
        Assert.Equal(6, t.MaxEntries);
        Assert.False(t.TryInsert("a", "b")); // capacity 0 until set (§3.2.2)
        Assert.False(t.TrySetCapacity(221));
        Assert.True(t.TrySetCapacity(220));

        Assert.True(t.TryInsert(":authority", "www.example.com")); // 57
        Assert.True(t.TryInsert(":path", "/sample/path"));         // 49
        Assert.True(t.TryInsert("custom-key", "custom-value"));    // 54
        Assert.Equal(160, t.Size);
        Assert.Equal(3, t.InsertCount);
        Assert.Equal(2, t.AbsoluteFromEncoderRelative(0));
        Assert.Equal(0, t.AbsoluteFromEncoderRelative(2));
        Assert.Equal(-1, t.AbsoluteFromEncoderRelative(3));

        // Duplicate of abs 0 (57): 217 still fits.
        Assert.True(t.TryInsert(":authority", "www.example.com"));
        Assert.Equal(217, t.Size);
        Assert.Equal(0, t.CountEvictionsFor(3));
        Assert.Equal(1, t.CountEvictionsFor(55));
        Assert.Equal(-1, t.CountEvictionsFor(221));

        // RFC 9204 B.5: inserting custom-key=custom-value2 (55) evicts abs 0.
        Assert.True(t.TryInsert("custom-key", "custom-value2"));
        Assert.Equal(215, t.Size);
        Assert.Equal(1, t.DroppedCount);
        Assert.False(t.Contains(0));
        Assert.True(t.Contains(4));
        Assert.Equal(new HeaderField(":path", "/sample/path"), t.Get(1));

        // Larger than the capacity: refused without touching the table.
        Assert.False(t.TryInsert(new string('x', 200), ""));
        Assert.Equal(4, t.Count);

        // Reducing the capacity evicts from the oldest end; 0 clears it.
        Assert.True(t.TrySetCapacity(110)); // 49 + 54 + 57 + 55: only the newest (55) fits
        Assert.Equal(1, t.Count);
        Assert.Equal(4, t.DroppedCount);
        Assert.True(t.TrySetCapacity(0));
        Assert.Equal(0, t.Count);
        Assert.Equal(0, t.Size);
        Assert.Equal(5, t.InsertCount);
    }

    [Fact]
    public void DynamicTableRingGrowsAndWrapsCorrectly()
    {
        var t = new DynamicTable(32 * 100);
        t.TrySetCapacity(32 * 20 + 40); // 20 empty entries plus a bit
        for (int i = 0; i < 500; i++)
        {
            Assert.True(t.TryInsert("", i % 7 == 0 ? "x" : ""));
            long oldest = t.DroppedCount;
            Assert.True(t.Size <= t.Capacity);
            for (long a = oldest; a < t.InsertCount; a++)
            {
                Assert.Equal(a % 7 == 0 ? "x" : "", t.Get(a).Value);
            }
        }
    }

    [Fact]
    public void DrainingIndexKeepsTheReserveFree()
    {
        var t = new DynamicTable(220);
        t.TrySetCapacity(220);
        t.TryInsert(":authority", "www.example.com"); // 57
        t.TryInsert(":path", "/sample/path");         // 49
        t.TryInsert("custom-key", "custom-value");    // 54, free 60
        Assert.Equal(0, t.GetDrainingIndex(55));
        Assert.Equal(1, t.GetDrainingIndex(66));
        Assert.Equal(1, t.GetDrainingIndex(117));
        Assert.Equal(2, t.GetDrainingIndex(118));
        Assert.Equal(3, t.GetDrainingIndex(1000));
    }
}
