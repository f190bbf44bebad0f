using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The scorer the service decides with now: the linkage model's trees over the newest Fellegi–Sunter
/// parameters its store holds (relearnt from its own records, or learnt by the bulk run that seeded it),
/// else the model's own. Changed only between decisions (on the link queue's loop), so every decision is
/// taken, and its link event named, by one version.
/// </summary>
public sealed class ModelInUse(LinkageModel model) : IMatchScorer
{
    private volatile InUse _current = new(model, model.Scorer());

    public LinkageModel Model => _current.Model;

    /// <summary>The version every decision records.</summary>
    public string Name => _current.Scorer.Name;

    public double Score(in ComparisonVector vector, Span<float> contributions) => _current.Scorer.Score(vector, contributions);

    public double UpperBound(in ComparisonVector vector) => _current.Scorer.UpperBound(vector);

    public void Use(LinkageModel next) => _current = new InUse(next, next.Scorer());

    private sealed record InUse(LinkageModel Model, IMatchScorer Scorer);
}
