using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

internal static class Fixtures
{
    /// <summary>
    /// Labelled pairs whose truth is a noisy sum of the FS weights: enough structure for trees to learn,
    /// small enough to train in a second or two.
    /// </summary>
    public static List<LabelledPair> NoisyPairs(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new List<LabelledPair>(count);
        for (var i = 0; i < count; i++)
        {
            var features = new float[PairFeatures.Count];
            var total = 0f;
            var missing = 0;
            for (var c = 0; c < ComparisonSchema.Count; c++)
            {
                var level = random.Next(ComparisonSchema.LevelCount(c));
                var weight = level == 0 ? 0 : (float)(4 - 1.5 * level + random.NextDouble());
                features[PairFeatures.LevelFeature(c)] = level;
                features[PairFeatures.WeightFeature(c)] = weight;
                total += weight;
                if (level == 0) missing++;
            }
            features[PairFeatures.TotalWeight] = total;
            features[PairFeatures.MissingCount] = missing;
            var match = total + 4 * (random.NextDouble() - 0.5) > -8;
            var split = (i % 5) switch { < 3 => Split.Train, 3 => Split.Calibrate, _ => Split.Report };
            pairs.Add(new LabelledPair(features, match, split, i % 2 == 0 ? "even" : "odd", false, match ? 0.9 : 0.1, null));
        }
        return pairs;
    }

    /// <summary>A Fellegi–Sunter model where each stronger level is worth more, as EM would learn.</summary>
    public static FellegiSunterModel FellegiSunter()
    {
        var m = Enumerable.Range(0, ComparisonSchema.Count)
            .Select(c => Enumerable.Range(0, ComparisonSchema.LevelCount(c)).Select(l => l == 0 ? 0 : Math.Pow(0.4, l)).ToArray()).ToArray();
        var u = Enumerable.Range(0, ComparisonSchema.Count)
            .Select(c => Enumerable.Range(0, ComparisonSchema.LevelCount(c)).Select(l => l == 0 ? 0 : 0.02 * Math.Pow(2.5, l)).ToArray()).ToArray();
        return new FellegiSunterModel(0.1, m, u, new TermFrequencyAdjustment(0.01, 0.01));
    }

    /// <summary>The same parameters as if EM had learnt them from this many candidate pairs.</summary>
    public static FellegiSunterModel WithRun(this FellegiSunterModel fs, long pairs) =>
        new(fs.MatchProbability, fs.M, fs.U, fs.TermFrequency) { LearntFromPairs = pairs };

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PatientIndex.sln"))) return dir.FullName;
        throw new InvalidOperationException("not inside the repository");
    }

    public static string ShippedModelDirectory()
    {
        var models = Path.Combine(RepositoryRoot(), "models");
        return Directory.GetDirectories(models).Where(d => File.Exists(Path.Combine(d, MatchModel.FileName)) && File.Exists(Path.Combine(d, "mlnet-model.zip"))).Order(StringComparer.Ordinal).Last();
    }
}
