using System.Buffers.Binary;
using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

public class PathValidatorTests
{
    private static readonly TimeSpan Pto = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);

    // kInitialRtt 333 ms + 4 × 166.5 ms + max_ack_delay 25 ms (RFC 9002 §6.2.1, §6.2.2).
    private static readonly TimeSpan NewPathPto = TimeSpan.FromMilliseconds(1024);

    private static PathValidator<string> Create(int seed = 1234, int maxPaths = PathValidator<string>.DefaultMaxPaths) =>
        new(new Random(seed).NextBytes, maxPaths: maxPaths);

    private static PathChallengeFrame DequeueChallenge(PathValidator<string> validator, string expectedPath)
    {
        Assert.True(validator.TryDequeueChallenge(out var path, out var frame));
        Assert.Equal(expectedPath, path);
        return frame;
    }

    private static List<PathValidationResult<string>> DrainResults(PathValidator<string> validator)
    {
        var results = new List<PathValidationResult<string>>();
        while (validator.TryDequeueResult(out var result)) results.Add(result);
        return results;
    }

    [Fact]
    public void Timeout_is_three_times_the_larger_pto()
    {
        var validator = Create();
        Assert.Equal(NewPathPto, validator.NewPathPto);
        Assert.Equal(3 * NewPathPto, validator.GetValidationTimeout(Pto));
        Assert.Equal(TimeSpan.FromSeconds(6), validator.GetValidationTimeout(TimeSpan.FromSeconds(2)));
        validator.MaxAckDelay = TimeSpan.Zero;
        validator.InitialRtt = TimeSpan.FromMilliseconds(100);
        Assert.Equal(TimeSpan.FromMilliseconds(900), validator.GetValidationTimeout(Pto));
    }

    [Fact]
    public void Challenge_data_comes_from_the_injected_randomness()
    {
        var validator = Create(seed: 77);
        validator.StartValidation("a", T0, Pto);
        var expected = new byte[8];
        new Random(77).NextBytes(expected);
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(expected), DequeueChallenge(validator, "a").Data);
    }

    [Fact]
    public void Matching_response_validates_the_path()
    {
        var validator = Create();
        validator.OnDatagramReceived("a", 100);
        Assert.True(validator.StartValidation("a", T0, Pto));
        Assert.False(validator.StartValidation("a", T0, Pto)); // already under way
        Assert.True(validator.IsValidating("a"));
        var challenge = DequeueChallenge(validator, "a");
        Assert.False(validator.TryDequeueChallenge(out _, out _));
        validator.OnChallengeSent(challenge, 300); // not expanded: amplification-limited

        Assert.True(validator.OnPathResponse(new PathResponseFrame(challenge.Data)));
        Assert.True(validator.IsValidated("a"));
        Assert.False(validator.IsValidating("a"));
        Assert.Equal(long.MaxValue, validator.GetSendAllowance("a"));
        Assert.Equal([new PathValidationResult<string>("a", PathValidationOutcome.Succeeded, MtuValidated: false)], DrainResults(validator));
        Assert.Null(validator.NextTimeout);
        // A repeated response validates nothing more.
        Assert.False(validator.OnPathResponse(new PathResponseFrame(challenge.Data)));
    }

    [Fact]
    public void Response_to_an_expanded_challenge_also_validates_the_mtu()
    {
        var validator = Create();
        validator.MarkValidated("a");
        validator.StartValidation("a", T0, Pto);
        var challenge = DequeueChallenge(validator, "a");
        validator.OnChallengeSent(challenge, 1200);
        validator.OnPathResponse(new PathResponseFrame(challenge.Data));
        Assert.True(Assert.Single(DrainResults(validator)).MtuValidated);
    }

    [Fact]
    public void Wrong_data_validates_nothing()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        var challenge = DequeueChallenge(validator, "a");
        Assert.False(validator.OnPathResponse(new PathResponseFrame(challenge.Data ^ 1)));
        Assert.False(validator.OnPathResponse(new PathResponseFrame(0)));
        Assert.True(validator.IsValidating("a"));
        Assert.False(validator.IsValidated("a"));
        Assert.Empty(DrainResults(validator));
    }

    [Fact]
    public void A_response_validates_the_path_its_challenge_was_sent_on()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        validator.StartValidation("b", T0, Pto);
        var a = DequeueChallenge(validator, "a");
        var b = DequeueChallenge(validator, "b");
        Assert.NotEqual(a.Data, b.Data);
        // The response to b's challenge might arrive on a (§8.2.3): it still validates b only.
        Assert.True(validator.OnPathResponse(new PathResponseFrame(b.Data)));
        Assert.True(validator.IsValidated("b"));
        Assert.False(validator.IsValidated("a"));
        Assert.True(validator.IsValidating("a"));
    }

    [Fact]
    public void Probes_back_off_then_validation_fails_at_the_deadline()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        var first = DequeueChallenge(validator, "a");
        Assert.Equal(T0 + NewPathPto, validator.NextTimeout);

        validator.OnTimeout(T0 + NewPathPto - TimeSpan.FromTicks(1));
        Assert.False(validator.HasPendingChallenges);

        validator.OnTimeout(T0 + NewPathPto);
        var second = DequeueChallenge(validator, "a");
        Assert.NotEqual(first.Data, second.Data);
        // The interval doubled, which lands past the deadline at 3 × PTO.
        Assert.Equal(T0 + 3 * NewPathPto, validator.NextTimeout);

        validator.OnTimeout(T0 + 3 * NewPathPto);
        Assert.Equal([new PathValidationResult<string>("a", PathValidationOutcome.Failed, false)], DrainResults(validator));
        Assert.False(validator.IsValidating("a"));
        Assert.Null(validator.NextTimeout);
        // A late response to a failed validation is ignored.
        Assert.False(validator.OnPathResponse(new PathResponseFrame(first.Data)));
        Assert.False(validator.IsValidated("a"));
    }

    [Fact]
    public void Any_challenge_sent_so_far_is_accepted()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        var first = DequeueChallenge(validator, "a");
        validator.OnTimeout(T0 + NewPathPto);
        DequeueChallenge(validator, "a");
        Assert.True(validator.OnPathResponse(new PathResponseFrame(first.Data)));
        Assert.True(validator.IsValidated("a"));
    }

    [Fact]
    public void A_larger_current_pto_sets_the_timers()
    {
        var validator = Create();
        var pto = TimeSpan.FromSeconds(2);
        validator.StartValidation("a", T0, pto);
        Assert.Equal(T0 + pto, validator.NextTimeout);
        validator.OnTimeout(T0 + pto);
        Assert.Equal(T0 + 3 * pto, validator.NextTimeout);
    }

    [Fact]
    public void Lost_challenge_is_replaced_with_fresh_data()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        var lost = DequeueChallenge(validator, "a");
        var lossTime = T0 + TimeSpan.FromMilliseconds(300);
        validator.OnChallengeLost(lost, lossTime);
        validator.OnChallengeLost(lost, lossTime); // one replacement is enough
        var retry = DequeueChallenge(validator, "a");
        Assert.NotEqual(lost.Data, retry.Data);
        Assert.False(validator.HasPendingChallenges);
        Assert.Equal(lossTime + NewPathPto, validator.NextTimeout);

        Assert.True(validator.OnPathResponse(new PathResponseFrame(retry.Data)));
        // Loss reported after the validation ended: nothing to resend.
        validator.OnChallengeLost(retry, lossTime);
        Assert.False(validator.HasPendingChallenges);
    }

    [Fact]
    public void Abandoned_validation_sends_nothing_and_reports_nothing()
    {
        var validator = Create();
        validator.StartValidation("a", T0, Pto);
        validator.Abandon("a");
        Assert.False(validator.TryDequeueChallenge(out _, out _));
        Assert.Null(validator.NextTimeout);
        validator.OnTimeout(T0 + TimeSpan.FromSeconds(60));
        Assert.Empty(DrainResults(validator));
        // A new validation can start afterwards.
        Assert.True(validator.StartValidation("a", T0, Pto));
    }

    [Fact]
    public void Peer_challenges_are_answered_on_the_path_they_arrived_on()
    {
        var validator = Create();
        validator.OnPathChallenge(new PathChallengeFrame(0x1111), "a");
        validator.OnPathChallenge(new PathChallengeFrame(0x2222), "b");
        validator.OnPathChallenge(new PathChallengeFrame(0x3333), "a"); // replaces a's older one
        Assert.True(validator.TryDequeueResponse(out var path, out var frame));
        Assert.Equal(("a", new PathResponseFrame(0x3333)), (path, frame));
        Assert.True(validator.TryDequeueResponse(out path, out frame));
        Assert.Equal(("b", new PathResponseFrame(0x2222)), (path, frame));
        Assert.False(validator.TryDequeueResponse(out _, out _));
        Assert.False(validator.HasPendingResponses);
    }

    [Fact]
    public void Pending_responses_are_bounded()
    {
        var validator = Create(maxPaths: 2);
        validator.OnPathChallenge(new PathChallengeFrame(1), "a");
        validator.OnPathChallenge(new PathChallengeFrame(2), "b");
        validator.OnPathChallenge(new PathChallengeFrame(3), "c");
        Assert.True(validator.TryDequeueResponse(out var path, out _));
        Assert.Equal("b", path);
        Assert.True(validator.TryDequeueResponse(out path, out _));
        Assert.Equal("c", path);
        Assert.False(validator.TryDequeueResponse(out _, out _));
    }

    [Fact]
    public void Unvalidated_paths_may_send_three_times_what_they_received()
    {
        var validator = Create();
        Assert.Equal(0, validator.GetSendAllowance("a"));
        validator.OnDatagramReceived("a", 100);
        Assert.Equal(300, validator.GetSendAllowance("a"));
        Assert.False(validator.CanExpand("a"));
        validator.OnDatagramSent("a", 250);
        Assert.Equal(50, validator.GetSendAllowance("a"));
        validator.OnDatagramSent("a", 100);
        Assert.Equal(0, validator.GetSendAllowance("a"));
        validator.OnDatagramReceived("a", 1200);
        Assert.Equal(3 * 1300 - 350, validator.GetSendAllowance("a"));
        Assert.True(validator.CanExpand("a"));
        // Other paths keep their own accounts.
        Assert.Equal(0, validator.GetSendAllowance("b"));
        validator.MarkValidated("a");
        Assert.Equal(long.MaxValue, validator.GetSendAllowance("a"));
        Assert.Equal(0, validator.GetSendAllowance("b"));
    }

    [Fact]
    public void Eviction_drops_the_least_recently_active_unvalidated_path()
    {
        var validator = Create(maxPaths: 3);
        validator.MarkValidated("home");
        validator.StartValidation("spoofed", T0, Pto);
        validator.OnDatagramReceived("busy", 10);
        validator.OnDatagramReceived("home", 10);
        validator.OnDatagramReceived("new", 10);
        Assert.Equal(3, validator.PathCount);
        Assert.Equal([new PathValidationResult<string>("spoofed", PathValidationOutcome.Failed, false)], DrainResults(validator));
        Assert.False(validator.IsValidating("spoofed"));
        Assert.False(validator.TryDequeueChallenge(out _, out _));
        Assert.True(validator.IsValidated("home"));
        Assert.Equal(30, validator.GetSendAllowance("busy"));

        // When every path is validated, the least recently active goes.
        var all = Create(maxPaths: 2);
        all.MarkValidated("x");
        all.MarkValidated("y");
        all.OnDatagramReceived("x", 1);
        all.MarkValidated("z");
        Assert.True(all.IsValidated("x"));
        Assert.False(all.IsValidated("y"));
        Assert.True(all.IsValidated("z"));
    }

    [Fact]
    public void Forget_cancels_validation_and_accounting()
    {
        var validator = Create();
        validator.OnDatagramReceived("a", 100);
        validator.StartValidation("a", T0, Pto);
        var challenge = DequeueChallenge(validator, "a");
        validator.Forget("a");
        Assert.Equal(0, validator.PathCount);
        Assert.False(validator.OnPathResponse(new PathResponseFrame(challenge.Data)));
        Assert.Equal(0, validator.GetSendAllowance("a"));
        Assert.Empty(DrainResults(validator));
    }

    [Fact]
    public void A_broken_random_source_is_refused_not_looped_on()
    {
        var validator = new PathValidator<string>(span => span.Fill(9));
        validator.StartValidation("a", T0, Pto);
        Assert.Throws<InvalidOperationException>(() => validator.StartValidation("b", T0, Pto));
    }

    [Fact]
    public void Paths_compare_with_the_given_comparer()
    {
        var validator = new PathValidator<string>(new Random(5).NextBytes, StringComparer.OrdinalIgnoreCase);
        validator.MarkValidated("Host:443");
        Assert.True(validator.IsValidated("host:443"));
    }
}
