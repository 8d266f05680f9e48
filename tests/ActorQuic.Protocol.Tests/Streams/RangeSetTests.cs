using ActorQuic.Protocol.Streams;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Streams;

public class RangeSetTests
{
    [Fact]
    public void Matches_a_bitmap_model_under_random_adds_and_removes()
    {
        const int Size = 200;
        var op = Gen.Select(Gen.Bool, Gen.Int[0, Size], Gen.Int[0, 40]);
        op.Array[1, 60].Sample(ops =>
        {
            var set = new RangeSet(1);
            var model = new bool[Size + 40];
            foreach (var (add, start, len) in ops)
            {
                if (add) set.Add((ulong)start, (ulong)(start + len));
                else set.Remove((ulong)start, (ulong)(start + len));
                for (int i = start; i < start + len; i++) model[i] = add;
            }
            // Disjoint, sorted, non-adjacent, and covering exactly the model.
            for (int i = 0; i < set.Count; i++)
            {
                Assert.True(set.StartAt(i) < set.EndAt(i));
                if (i > 0) Assert.True(set.EndAt(i - 1) < set.StartAt(i));
            }
            for (int b = 0; b < model.Length; b++)
                Assert.Equal(model[b], set.Contains((ulong)b));
        }, seed: "0N0XIzNsQ0O2", iter: 500);
    }

    [Fact]
    public void RemoveBelow_trims_the_first_range()
    {
        var set = new RangeSet();
        set.Add(0, 10);
        set.Add(20, 30);
        set.RemoveBelow(5);
        Assert.Equal(5UL, set.StartAt(0));
        set.RemoveBelow(25);
        Assert.Equal(1, set.Count);
        Assert.Equal(25UL, set.StartAt(0));
        Assert.Equal(30UL, set.EndAt(0));
    }
}
