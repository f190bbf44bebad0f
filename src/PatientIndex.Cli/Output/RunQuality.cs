using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Extracts;
using PatientIndex.Ml.Training;

namespace PatientIndex.Cli.Output;

/// <summary>A run measured against a truth file (<c>--truth</c>): for summary.json and the report alike, read once.</summary>
/// <param name="TruthOf">Each record's true person, by record index; null for a record the truth file does not name.</param>
/// <param name="BlockingRecall">Share of the true pairs that blocking made candidates.</param>
/// <param name="Metrics">Pairwise quality of the persons built.</param>
/// <param name="Reliability">Predicted against observed match rates of the candidate pairs whose records the truth names, by probability band.</param>
public sealed record RunQuality(string?[] TruthOf, double BlockingRecall, PairwiseMetrics Metrics, IReadOnlyList<ReliabilityBin> Reliability)
{
    public double ExpectedCalibrationError => Ml.Training.Reliability.ExpectedCalibrationError(Reliability);

    /// <summary>Reads the truth file, and <c>hard_negatives.csv</c> beside it when there is one.</summary>
    public static RunQuality Measure(string truthFile, IReadOnlyList<NormalisedRecord> records, LinkageResult result)
    {
        var truth = TruthFile.Read(truthFile);
        var truthOf = records.Select(r => truth.GetValueOrDefault((r.Source, r.RecordId))).ToArray();
        var truePairsFound = result.CandidatePairs.LongCount(p => truthOf[p.Left] is { } a && a == truthOf[p.Right]);
        var persons = Enumerable.Range(0, records.Count).Where(i => truthOf[i] is not null).Select(i => (result.PersonOf[i], truthOf[i]!)).ToList();
        var hard = TruthFile.ReadHardNegatives(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthFile))!, "hard_negatives.csv"));
        var metrics = PairwiseEvaluation.Evaluate(persons, hard);
        return new RunQuality(truthOf, metrics.TruePairs == 0 ? 1 : (double)truePairsFound / metrics.TruePairs, metrics, ReliabilityOf(result, truthOf));
    }

    private static List<ReliabilityBin> ReliabilityOf(LinkageResult result, string?[] truthOf)
    {
        var scored = new List<ScoredExample>(result.Probabilities.Length);
        for (var i = 0; i < result.Probabilities.Length; i++)
        {
            var pair = result.CandidatePairs[i];
            if (truthOf[pair.Left] is { } left && truthOf[pair.Right] is { } right)
                scored.Add(new ScoredExample(result.Probabilities[i], left == right, false, ""));
        }
        return Ml.Training.Reliability.Table(scored);
    }
}
