namespace PatientIndex.Ml.Training;

/// <summary>Pairwise quality of one scorer's decisions on held-out pairs: links at the auto-link threshold, and what review catches.</summary>
public sealed record DecisionMetrics(string Scorer, double LinkThreshold, double ReviewThreshold, int Pairs, int Matches,
    int TruePositives, int FalsePositives, int HardNegativePairs, int HardNegativesLinked, double RecallWithReview)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);
    public double Recall => Matches == 0 ? 1 : TruePositives / (double)Matches;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static DecisionMetrics Of(string scorer, IReadOnlyList<ScoredExample> examples, double link, double review)
    {
        int tp = 0, fp = 0, hard = 0, hardLinked = 0, reviewed = 0;
        foreach (var e in examples)
        {
            var linked = e.Probability >= link;
            if (linked && e.Match) tp++;
            if (linked && !e.Match) fp++;
            if (e.HardNegative) { hard++; if (linked) hardLinked++; }
            if (e.Match && (linked || e.Probability >= review)) reviewed++;
        }
        var matches = examples.Count(e => e.Match);
        return new DecisionMetrics(scorer, link, review, examples.Count, matches, tp, fp, hard, hardLinked,
            matches == 0 ? 1 : reviewed / (double)matches);
    }
}
