using ActorQuic.Protocol.Tls;
using Xunit.Abstractions;

namespace ActorQuic.Protocol.Tests.Tls;

/// <summary>
/// Seeded mutation of recorded handshakes: every message delivered to a fresh engine (client or
/// server, with the same seeded randomness as in the recording so that unmutated input replays
/// exactly) is flipped, truncated, extended, shortened or swapped. Each case must end in a TLS alert
/// or success — never another exception and never internal_error (which would hide a bug).
/// </summary>
public class TlsMutationTests(ITestOutputHelper output)
{
    private sealed record Scenario(string Name, Func<TlsClientOptions> Client, Func<TlsServerOptions> Server,
        List<(bool ToServer, EncryptionLevel Level, byte[] Data)> Deliveries);

    private static readonly byte[] TicketKey = Enumerable.Repeat((byte)7, 32).ToArray();

    private static TlsServerOptions BaseServer(bool mtls)
    {
        var s = TlsPair.ServerOptions(TestPki.Certificate(TestKeyType.Ed25519), seed: 22);
        s.SessionTicketKey = TicketKey;
        s.EnableEarlyData = true;
        if (mtls)
        {
            s.ClientCertificateMode = TlsClientCertificateMode.Require;
            s.ClientCertificateTrustedRoots = TestPki.Roots;
        }
        return s;
    }

    private static Scenario Record(string name, Func<TlsClientOptions> client, Func<TlsServerOptions> server)
    {
        var pair = new TlsPair(client(), server());
        Assert.True(pair.Run(), pair.Failure?.Message);
        return new Scenario(name, client, server, pair.Deliveries);
    }

    private static List<Scenario> Scenarios()
    {
        var full = Record("mtls+ticket", () =>
        {
            var c = TlsPair.ClientOptions(11);
            c.ClientCertificate = TestPki.Certificate(TestKeyType.Ed25519, client: true);
            return c;
        }, () => BaseServer(mtls: true));
        // A ticket for the resumption scenario, from a deterministic run.
        var ticketRun = new TlsPair(TlsPair.ClientOptions(12), BaseServer(false));
        Assert.True(ticketRun.Run());
        var ticket = ticketRun.ClientEvents.OfType<TlsSessionTicketEvent>().First().Ticket;
        var resumed = Record("0-rtt", () =>
        {
            var c = TlsPair.ClientOptions(13);
            c.SessionTicket = ticket;
            c.EnableEarlyData = true;
            return c;
        }, () => BaseServer(false));
        var hrr = Record("hrr", () =>
        {
            var c = TlsPair.ClientOptions(14);
            c.Groups = [NamedGroup.X25519, NamedGroup.Secp256r1];
            return c;
        }, () =>
        {
            var s = BaseServer(false);
            s.Groups = [NamedGroup.Secp256r1];
            return s;
        });
        return [full, resumed, hrr];
    }

    private enum Outcome { Success, Incomplete, Alert }

    private static Outcome Replay(Scenario sc, bool serverSide, int target, Func<byte[], byte[]> mutate, Random rng,
        Dictionary<AlertDescription, int> alerts)
    {
        TlsEngine engine = serverSide ? new TlsServer(sc.Server()) : new TlsClient(sc.Client());
        try
        {
            if (engine is TlsClient client) client.Start(TestPki.Now);
            int index = 0;
            foreach (var (toServer, level, data) in sc.Deliveries)
            {
                if (toServer != serverSide) continue;
                var bytes = index++ == target ? mutate(data) : data;
                // Random split points exercise reassembly on the mutated stream as well.
                int pos = 0;
                while (pos < bytes.Length)
                {
                    int n = rng.Next(4) == 0 ? rng.Next(1, bytes.Length - pos + 1) : bytes.Length - pos;
                    engine.HandleCryptoData(level, bytes.AsSpan(pos, n), TestPki.Now);
                    pos += n;
                }
                engine.DrainEvents();
            }
            return engine.IsHandshakeComplete ? Outcome.Success : Outcome.Incomplete;
        }
        catch (TlsAlertException e)
        {
            Assert.True(e.Alert != AlertDescription.InternalError, $"{sc.Name}: internal_error: {e.InnerException}");
            Assert.Equal(TlsHandshakeState.Failed, engine.State);
            alerts[e.Alert] = alerts.GetValueOrDefault(e.Alert) + 1;
            return Outcome.Alert;
        }
    }

    private static byte[] Mutate(byte[] data, Random rng, List<byte[]> others)
    {
        var d = data.ToList();
        switch (rng.Next(9))
        {
            case 0: // flip 1-3 bits
                for (int i = rng.Next(1, 4); i > 0; i--) d[rng.Next(d.Count)] ^= (byte)(1 << rng.Next(8));
                break;
            case 1: // flip a bit in the first 64 bytes, where headers and lengths live
                d[rng.Next(Math.Min(64, d.Count))] ^= (byte)(1 << rng.Next(8));
                break;
            case 2: // truncate
            {
                int keep = rng.Next(d.Count);
                d.RemoveRange(keep, d.Count - keep);
                break;
            }
            case 3: // insert random bytes
            {
                var extra = new byte[rng.Next(1, 9)];
                rng.NextBytes(extra);
                d.InsertRange(rng.Next(d.Count + 1), extra);
                break;
            }
            case 4: // delete a range
            {
                int at = rng.Next(d.Count);
                d.RemoveRange(at, Math.Min(d.Count - at, rng.Next(1, 9)));
                break;
            }
            case 5: // boundary values
                d[rng.Next(d.Count)] = new byte[] { 0, 1, 0x7f, 0x80, 0xff }[rng.Next(5)];
                break;
            case 6: // off-by-one on a byte (often a length)
                d[rng.Next(d.Count)] += (byte)(rng.Next(2) == 0 ? 1 : 255);
                break;
            case 7: // duplicate
                d.AddRange(data);
                break;
            default: // replace with another message (state machine confusion)
                return others[rng.Next(others.Count)];
        }
        return d.ToArray();
    }

    [Fact]
    public void Mutated_handshakes_end_in_alert_or_success()
    {
        const int cases = 50_000;
        var scenarios = Scenarios();
        var rng = new Random(1234);
        var alerts = new Dictionary<AlertDescription, int>();
        var outcomes = new Dictionary<Outcome, int>();
        var all = scenarios.SelectMany(s => s.Deliveries.Select(d => d.Data)).ToList();
        for (int i = 0; i < cases; i++)
        {
            var sc = scenarios[i % scenarios.Count];
            bool serverSide = rng.Next(2) == 0;
            int targets = sc.Deliveries.Count(d => d.ToServer == serverSide);
            int target = rng.Next(targets);
            var outcome = Replay(sc, serverSide, target, data => Mutate(data, rng, all), rng, alerts);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine(string.Join(", ", outcomes.Select(kv => $"{kv.Key}={kv.Value}")));
        output.WriteLine(string.Join(", ", alerts.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.Equal(cases, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault(Outcome.Alert) > cases / 2);
    }

    [Fact]
    public void Unmutated_replays_succeed()
    {
        var alerts = new Dictionary<AlertDescription, int>();
        foreach (var sc in Scenarios())
            foreach (var side in new[] { false, true })
                Assert.Equal(Outcome.Success, Replay(sc, side, -1, d => d, new Random(1), alerts));
    }
}
