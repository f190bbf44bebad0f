using PatientIndex.Core.Evaluation;

namespace PatientIndex.Core.Tests.Evaluation;

public class PairwiseEvaluationTests
{
    // Records of true persons A (3 records), B (2, B's twin: A), C (1); predicted persons 1, 2, 3.
    private static readonly (int Predicted, string True)[] Persons =
        [(1, "A"), (1, "A"), (2, "A"), (2, "B"), (2, "B"), (3, "C")];

    [Fact]
    public void pairs_are_counted_over_whole_clusters()
    {
        var metrics = PairwiseEvaluation.Evaluate(Persons);

        Assert.Equal(1 + 3, metrics.PredictedPairs); // person 1: one pair; person 2: three
        Assert.Equal(3 + 1, metrics.TruePairs);      // A: three pairs; B: one
        Assert.Equal(1 + 1, metrics.TruePositives);  // (A,A) in 1; (B,B) in 2
        Assert.Equal(0.5, metrics.Precision);
        Assert.Equal(0.5, metrics.Recall);
    }

    [Fact]
    public void a_hard_negative_is_merged_when_any_record_of_each_shares_a_predicted_person()
    {
        var metrics = PairwiseEvaluation.Evaluate(Persons, [("A", "B"), ("A", "C"), ("B", "Z")]);

        Assert.Equal(2, metrics.HardNegativePairs); // Z has no records: that pair is not counted
        Assert.Equal(1, metrics.HardNegativesMerged);
    }

    [Fact]
    public void keyed_persons_give_the_same_figures_as_the_list()
    {
        var predicted = Persons.Select((p, i) => (Key: i, Person: p.Predicted.ToString())).ToDictionary(p => p.Key, p => p.Person);
        var truth = Persons.Select((p, i) => (Key: i, p.True)).ToDictionary(p => p.Key, p => p.True);
        truth[99] = "D"; // a record the prediction lacks is left out

        Assert.Equal(PairwiseEvaluation.Evaluate(Persons, [("A", "B")]), PairwiseEvaluation.Evaluate(predicted, truth, [("A", "B")]));
    }
}
