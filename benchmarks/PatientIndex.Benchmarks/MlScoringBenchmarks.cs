using BenchmarkDotNet.Attributes;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml;

namespace PatientIndex.Benchmarks;

/// <summary>
/// What the shipped ML model adds per candidate pair over Fellegi–Sunter: features, the tree walk and
/// calibration (explanations off, as for every candidate), and with explanations (only for kept pairs).
/// Goal: scoring adds at most 2 µs per pair.
/// </summary>
public class MlScoringBenchmarks
{
    private FellegiSunterModel _fellegiSunter = null!;
    private MlMatchScorer _ml = null!;
    private ComparisonVector[] _vectors = [];
    private readonly float[] _contributions = new float[ComparisonSchema.Count];

    [GlobalSetup]
    public void Setup()
    {
        var normaliser = new RecordNormaliser();
        var a = normaliser.Normalise(new SourceRecord { Source = "gp", RecordId = "1", NhsNumber = "9434765919", GivenName = "William", FamilyName = "Hughes", Dob = "1961-04-12", Sex = "M", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road", City = "Leeds" });
        var others = new[]
        {
            new SourceRecord { Source = "h", RecordId = "2", NhsNumber = "9434765991", GivenName = "Bill", FamilyName = "Hughs", Dob = "1961-12-04", Sex = "male", Postcode = "LS6 2QU", AddressLine1 = "14 Cardigan Rd", City = "Leeds" },
            new SourceRecord { Source = "h", RecordId = "3", GivenName = "Wendy", FamilyName = "Hughes", Dob = "1963-04-12", Sex = "F", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road" },
            new SourceRecord { Source = "h", RecordId = "4", GivenName = "William", FamilyName = "Hughes", Dob = "1990-01-02", Postcode = "M1 1AA", City = "Manchester" },
            new SourceRecord { Source = "h", RecordId = "5", GivenName = "Ann", FamilyName = "Patel", Dob = "1961-04-12", Sex = "F" },
        };
        _vectors = others.Select(o => PairComparer.Compare(a, normaliser.Normalise(o))).ToArray();
        var m = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Range(0, ComparisonSchema.LevelCount(c)).Select(l => l == 0 ? 0 : Math.Pow(0.4, l)).ToArray()).ToArray();
        var u = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Range(0, ComparisonSchema.LevelCount(c)).Select(l => l == 0 ? 0 : 0.02 * Math.Pow(2.5, l)).ToArray()).ToArray();
        _fellegiSunter = new FellegiSunterModel(0.1, m, u, new TermFrequencyAdjustment(0.01, 0.01));
        _ml = new MlMatchScorer(MatchModel.Load(ShippedModel()), _fellegiSunter);
    }

    /// <summary>Per pair: the four vectors are scored each call, so divide by four (OperationsPerInvoke).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public double FellegiSunter()
    {
        var sum = 0.0;
        foreach (var v in _vectors) sum += _fellegiSunter.Score(v, []);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double Ml()
    {
        var sum = 0.0;
        foreach (var v in _vectors) sum += _ml.Score(v, []);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public double MlExplained()
    {
        var sum = 0.0;
        foreach (var v in _vectors) sum += _ml.Score(v, _contributions);
        return sum;
    }

    private static string ShippedModel()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var models = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "PatientIndex.sln")) && Directory.Exists(models))
                return Directory.GetDirectories(models).Where(d => File.Exists(Path.Combine(d, MatchModel.FileName))).Order(StringComparer.Ordinal).Last();
        }
        throw new InvalidOperationException("run from inside the repository: the shipped model is read from models/");
    }
}
