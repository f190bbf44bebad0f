using BenchmarkDotNet.Columns;
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
        // The minimum: on a shared machine other work only ever adds time, so it is the steadiest figure.
        AddColumn(StatisticColumn.Min);
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
    }
}
