using ActorQuic.Benchmarks;
using BenchmarkDotNet.Running;

// `-- udp [...]` runs the stopwatch UDP receive benchmark (UdpReceiveBenchmark); anything else
// goes to BenchmarkDotNet (its --filter), e.g.
//   dotnet run -c Release --project load/ActorQuic.Benchmarks -- --filter '*Packet*'
if (args.Length > 0 && args[0] == UdpReceiveBenchmark.Command)
    return UdpReceiveBenchmark.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
