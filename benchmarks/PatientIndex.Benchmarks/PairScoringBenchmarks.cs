using BenchmarkDotNet.Attributes;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Benchmarks;

/// <summary>The per-pair hot path: compare two normalised records, then score the comparison vector.</summary>
public class PairScoringBenchmarks
{
    private NormalisedRecord _a = null!;
    private NormalisedRecord _b = null!;
    private FellegiSunterModel _model = null!;
    private ComparisonVector _vector;

    [GlobalSetup]
    public void Setup()
    {
        var normaliser = new RecordNormaliser();
        _a = normaliser.Normalise(new SourceRecord { Source = "gp", RecordId = "1", NhsNumber = "9434765919", GivenName = "William", FamilyName = "Hughes", Dob = "1961-04-12", Sex = "M", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road", City = "Leeds" });
        _b = normaliser.Normalise(new SourceRecord { Source = "hospital", RecordId = "2", NhsNumber = "9434765991", GivenName = "Bill", FamilyName = "Hughs", Dob = "1961-12-04", Sex = "male", Postcode = "LS6 2QU", AddressLine1 = "14 Cardigan Rd", City = "Leeds" });
        var m = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Repeat(0.5, ComparisonSchema.LevelCount(c)).ToArray()).ToArray();
        var u = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Repeat(0.1, ComparisonSchema.LevelCount(c)).ToArray()).ToArray();
        _model = new FellegiSunterModel(0.1, m, u, new TermFrequencyAdjustment(0.01, 0.01));
        _vector = PairComparer.Compare(_a, _b);
    }

    [Benchmark(Baseline = true)]
    public ComparisonVector Compare() => PairComparer.Compare(_a, _b);

    [Benchmark]
    public double Score() => _model.Score(_vector, []);

    [Benchmark]
    public double CompareAndScore() => _model.Score(PairComparer.Compare(_a, _b), []);
}
