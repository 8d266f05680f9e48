using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (BenchmarkDotNet's --filter), e.g.
//   dotnet run -c Release --project load/ActorQuic.Benchmarks -- --filter '*Packet*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
