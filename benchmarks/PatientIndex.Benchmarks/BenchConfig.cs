using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace PatientIndex.Benchmarks;

/// <summary>Shared configuration: memory diagnoser on every benchmark, so "no allocation per pair" is measured.</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
    }
}
