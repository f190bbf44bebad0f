using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientIndex.Ml;

/// <summary>
/// A trained match model as data (<c>model.json</c> in <c>models/&lt;id&gt;/</c>): the tree ensemble in
/// flat arrays, its calibration, the thresholds chosen on held-out data, and the feature-schema hash
/// it was trained for. Loading refuses a model whose hash differs from the running engine's.
/// </summary>
public sealed record MatchModel
{
    public const string FileName = "model.json";

    public required string Id { get; init; }
    public required string SchemaHash { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required string Trainer { get; init; }
    public required Calibration Calibration { get; init; }
    /// <summary>Share of matches among candidate pairs the calibration assumes (see <see cref="MatchPrior"/>); null: probabilities are not moved by the run's prior.</summary>
    public double? ReferencePrior { get; init; }
    /// <summary>
    /// The thresholds training chose for these trees. Kept in the linkage model (<c>linkage.json</c>), the one
    /// place every door reads them from, not in <c>model.json</c>; null for trees loaded on their own.
    /// </summary>
    [JsonIgnore]
    public ModelThresholds? Thresholds { get; init; }
    /// <summary>The trees' margin is a correction added to the run's own Fellegi–Sunter log-odds (<see cref="Training.TrainerKind.FsCorrection"/>).</summary>
    public bool CorrectsFellegiSunter { get; init; }
    /// <summary>
    /// How far, in log-odds, a correction may move FS's: the bound of the targets its trees were fitted to,
    /// so anything past it is the trees extrapolating. Null: unbounded (a model trained before the bound).
    /// </summary>
    public double? CorrectionLimit { get; init; }
    /// <summary>Setting it (a <c>with</c> copy, say) drops the trees built from the old one.</summary>
    public required EnsembleData Ensemble
    {
        get => _ensemble;
        init { _ensemble = value; _trees = null; }
    }
    private EnsembleData _ensemble = null!;

    /// <summary>The margin calibration reads: the trees' own, or, for a correction, FS's log-odds moved by the trees within the limit.</summary>
    public double Margin(double treeMargin, double fellegiSunterLogOdds) => Margin(treeMargin, fellegiSunterLogOdds, CorrectsFellegiSunter, CorrectionLimit);

    public static double Margin(double treeMargin, double fellegiSunterLogOdds, bool corrects, double? limit) =>
        !corrects ? treeMargin
        : fellegiSunterLogOdds + (limit is { } l ? Math.Clamp(treeMargin, -l, l) : treeMargin);

    [JsonIgnore]
    public TreeEnsemble Trees => _trees ??= Ensemble.ToEnsemble();
    private TreeEnsemble? _trees;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>Reads <c>model.json</c> from a model directory (or the file itself) and checks it fits this engine.</summary>
    /// <exception cref="ModelLoadException">The file is missing or unreadable, or was trained for another feature schema.</exception>
    public static MatchModel Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new ModelLoadException($"{file}: no such model file");
        MatchModel? model;
        try { model = JsonSerializer.Deserialize<MatchModel>(File.ReadAllText(file), Json); }
        catch (JsonException e) { throw new ModelLoadException($"{file}: not a PatientIndex model ({e.Message})"); }
        if (model is null) throw new ModelLoadException($"{file}: empty model file");
        model.EnsureFitsEngine(file);
        return model;
    }

    public void EnsureFitsEngine(string where)
    {
        if (SchemaHash == PairFeatures.SchemaHash) return;
        throw new ModelLoadException(
            $"{where}: model '{Id}' was trained for feature schema {SchemaHash}, but this engine's is {PairFeatures.SchemaHash} " +
            $"(comparisons, levels or features changed since training). Retrain it with `{RetrainCommand}`, or link with --scorer fs.");
    }

    /// <summary>The one command that regenerates the shipped model.</summary>
    public const string RetrainCommand = "models/train.sh";
}

/// <summary>
/// Probabilities chosen on held-out pairs: auto-link for a target precision, review for the share of true
/// matches its band keeps (null where a person set them; a target recall in models trained before that).
/// </summary>
public sealed record ModelThresholds(double Link, double Review, double? TargetPrecision = null, double? TargetRecall = null, double? TargetReviewShare = null);

/// <summary>The serialised form of a <see cref="TreeEnsemble"/>.</summary>
public sealed record EnsembleData(double Bias, int[] Roots, int[] Feature, float[] Threshold, int[] Left, int[] Right, float[] NodeValues, float[] Leaves)
{
    public TreeEnsemble ToEnsemble() => new(Bias, Roots, Feature, Threshold, Left, Right, NodeValues, Leaves);

    public static EnsembleData Of(TreeEnsemble e) =>
        new(e.Bias, [.. e.Roots], [.. e.Feature], [.. e.Threshold], [.. e.Left], [.. e.Right], [.. e.NodeValues], [.. e.Leaves]);
}

/// <summary>A model that cannot be used: missing, unreadable, or trained for a different engine.</summary>
public sealed class ModelLoadException(string message) : Exception(message);
