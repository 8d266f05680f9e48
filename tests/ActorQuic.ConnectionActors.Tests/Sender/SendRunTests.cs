using ActorQuic.ConnectionActors;

namespace ActorQuic.ConnectionActors.Tests.Sender;

/// <summary>How a batch of built datagrams is cut into runs that one UDP GSO send can carry.</summary>
public sealed class SendRunTests
{
    private static List<(int Start, int End, int Bytes)> Runs(params int[] lengths)
    {
        var runs = new List<(int, int, int)>();
        for (int i = 0; i < lengths.Length;)
        {
            int end = SenderActor.NextSendRun(lengths, i, out int bytes);
            runs.Add((i, end, bytes));
            i = end;
        }
        return runs;
    }

    [Fact]
    public void Equal_datagrams_and_a_shorter_tail_form_one_run() =>
        Assert.Equal([(0, 4, 3 * 1200 + 700)], Runs(1200, 1200, 1200, 700));

    [Fact]
    public void A_shorter_datagram_closes_the_run_and_the_next_starts_a_new_one() =>
        Assert.Equal([(0, 2, 1900), (2, 4, 2400)], Runs(1200, 700, 1200, 1200));

    [Fact]
    public void A_longer_datagram_starts_a_new_run() =>
        Assert.Equal([(0, 1, 700), (1, 3, 2400)], Runs(700, 1200, 1200));

    [Fact]
    public void Two_short_datagrams_in_a_row_are_not_one_segment_size() =>
        Assert.Equal([(0, 2, 1900), (2, 3, 600)], Runs(1200, 700, 600));

    [Fact]
    public void A_single_datagram_is_a_run_of_one() =>
        Assert.Equal([(0, 1, 1200)], Runs(1200));
}
