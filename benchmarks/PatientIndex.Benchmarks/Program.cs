using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PatientIndex.Benchmarks.PairScoringBenchmarks).Assembly).Run(args, new PatientIndex.Benchmarks.BenchConfig());
