using ActorQuic.Protocol.Wire;
using ActorQuic.Protocol.Recovery;
using CsCheck;
using static ActorQuic.Protocol.Tests.Recovery.TestTime;

namespace ActorQuic.Protocol.Tests.Recovery;

public class AckRangeSetTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    [Fact]
    public void Merges_adjacent_packets_into_ranges_listed_largest_first()
    {
        var set = new AckRangeSet();
        foreach (ulong pn in new ulong[] { 1, 2, 3, 7, 5, 6, 10, 0 })
            Assert.True(set.Add(pn, Ms(pn)));

        Span<AckRange> ranges = stackalloc AckRange[8];
        int n = set.CopyRanges(ranges);
        Assert.Equal(new AckRange[] { new(10, 10), new(5, 7), new(0, 3) }, ranges[..n].ToArray());
        Assert.Equal(new AckRange(10, 10), set[0]);
        Assert.Equal(10UL, set.Largest);
        Assert.Equal(Ms(10), set.LargestReceivedTime);

        // Filling the gap joins two ranges.
        set.Add(4, Ms(20));
        Assert.Equal(2, set.RangeCount);
        Assert.Equal(new AckRange(0, 7), set[1]);
        Assert.Equal(Ms(10), set.LargestReceivedTime); // not a new largest
    }

    [Fact]
    public void Detects_duplicates()
    {
        var set = new AckRangeSet();
        Assert.True(set.Add(5, Ms(1)));
        Assert.False(set.Add(5, Ms(2)));
        Assert.True(set.Contains(5));
        Assert.False(set.Contains(4));
        Assert.False(set.Contains(6));
        Assert.Equal(Ms(1), set.LargestReceivedTime);
    }

    [Fact]
    public void Short_destination_gets_the_newest_ranges()
    {
        var set = new AckRangeSet();
        for (ulong pn = 0; pn < 20; pn += 2) set.Add(pn, Ms(pn));
        Span<AckRange> ranges = stackalloc AckRange[3];
        Assert.Equal(3, set.CopyRanges(ranges));
        Assert.Equal(new AckRange[] { new(18, 18), new(16, 16), new(14, 14) }, ranges.ToArray());
    }

    [Fact]
    public void Range_limit_drops_the_oldest_range_and_raises_the_floor()
    {
        var set = new AckRangeSet(maxRanges: 3);
        set.Add(0, Ms(0));
        set.Add(1, Ms(0));
        set.Add(5, Ms(0));
        set.Add(9, Ms(0));
        Assert.Equal(3, set.RangeCount);
        Assert.Equal(0UL, set.Floor);

        set.Add(13, Ms(0));
        Assert.Equal(3, set.RangeCount);
        Assert.Equal(2UL, set.Floor); // [0,1] dropped
        Assert.True(set.Contains(1)); // below the floor counts as seen: never re-accepted unacknowledged
        Assert.False(set.Add(0, Ms(1)));
        Assert.False(set.Contains(3));
        Assert.Equal(new AckRange(5, 5), set[2]);
    }

    [Fact]
    public void Forgetting_acknowledged_ranges_keeps_the_largest()
    {
        var set = new AckRangeSet();
        foreach (ulong pn in new ulong[] { 0, 1, 2, 4, 5, 8, 9 }) set.Add(pn, Ms(pn));

        set.ForgetUpTo(4);
        Assert.Equal(new AckRange[] { new(8, 9), new(5, 5) }, Ranges(set));
        Assert.Equal(5UL, set.Floor);
        Assert.True(set.Contains(3)); // forgotten numbers are treated as duplicates

        set.ForgetUpTo(2); // older ACK-of-ACK: no effect
        Assert.Equal(5UL, set.Floor);

        set.ForgetUpTo(9);
        Assert.True(set.IsEmpty);
        Assert.Equal(9UL, set.Largest); // RFC 9000 §13.2.3: keep the largest for packet number decoding
        Assert.True(set.Add(10, Ms(10)));
        Assert.Equal(new AckRange[] { new(10, 10) }, Ranges(set));
    }

    [Fact]
    public void Ack_delay_counts_from_the_largest_packet()
    {
        var set = new AckRangeSet();
        Assert.Equal(TimeSpan.Zero, set.GetAckDelay(Ms(5)));
        set.Add(3, Ms(10));
        set.Add(1, Ms(12));
        Assert.Equal(Ms(5), set.GetAckDelay(Ms(15)));
    }

    [Fact]
    public void Random_insertions_match_a_hash_set()
    {
        Gen.ULong[0, 300].Array[0, 400].Sample(packets =>
        {
            var set = new AckRangeSet(maxRanges: 1000);
            var reference = new HashSet<ulong>();
            foreach (ulong pn in packets)
            {
                bool added = set.Add(pn, Ms(1));
                if (added != reference.Add(pn)) return false;
            }
            for (ulong pn = 0; pn <= 310; pn++)
                if (set.Contains(pn) != reference.Contains(pn)) return false;
            if (reference.Count > 0 && set.Largest != reference.Max()) return false;
            return WellFormed(set) && Members(set).SetEquals(reference);
        }, seed: Seed);
    }

    [Fact]
    public void Random_insertions_with_a_range_limit_stay_consistent()
    {
        Gen.ULong[0, 200].Array[0, 300].Sample(packets =>
        {
            var set = new AckRangeSet(maxRanges: 4);
            var inserted = new HashSet<ulong>();
            foreach (ulong pn in packets)
                if (set.Add(pn, Ms(1))) inserted.Add(pn);
            if (set.RangeCount > 4 || !WellFormed(set)) return false;
            var members = Members(set);
            // Everything acknowledged was received; everything received is either still
            // acknowledged or below the floor, where it counts as a duplicate.
            if (!members.IsSubsetOf(inserted)) return false;
            foreach (ulong pn in inserted)
                if (!members.Contains(pn) && pn >= set.Floor) return false;
            for (ulong pn = 0; pn < set.Floor; pn++)
                if (!set.Contains(pn)) return false;
            return true;
        }, seed: Seed);
    }

    private static AckRange[] Ranges(AckRangeSet set)
    {
        var ranges = new AckRange[set.RangeCount];
        set.CopyRanges(ranges);
        return ranges;
    }

    private static HashSet<ulong> Members(AckRangeSet set)
    {
        var members = new HashSet<ulong>();
        foreach (var (smallest, largest) in Ranges(set))
            for (ulong pn = smallest; pn <= largest; pn++) members.Add(pn);
        return members;
    }

    /// <summary>Descending, each range non-empty, disjoint and non-adjacent to the next.</summary>
    private static bool WellFormed(AckRangeSet set)
    {
        var ranges = Ranges(set);
        for (int i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Smallest > ranges[i].Largest) return false;
            if (i > 0 && ranges[i].Largest + 1 >= ranges[i - 1].Smallest) return false;
        }
        return true;
    }
}
