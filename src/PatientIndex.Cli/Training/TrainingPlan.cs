using System.Text.Json;
using PatientIndex.Ml;
using PatientIndex.Ml.Training;

namespace PatientIndex.Cli.Training;

/// <summary>
/// What <c>train --plan</c> learns from and is judged on, as data (<c>models/train-plan.json</c>):
/// datasets with their truth, the column-dropping variants that teach the model to live without a
/// field, the trainer settings, and the datasets for the side-by-side table in the model card.
/// Relative paths are relative to the plan file.
/// </summary>
public sealed record TrainingPlan
{
    public string Id { get; init; } = "match-v1";
    public TrainerOptions Trainer { get; init; } = new();
    public List<DatasetSpec> Datasets { get; init; } = [];
    public List<DatasetSpec> Evaluation { get; init; } = [];

    public static TrainingPlan Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such training plan");
        try
        {
            var plan = JsonSerializer.Deserialize<TrainingPlan>(File.ReadAllText(path), MatchModel.Json)
                ?? throw new CliException($"{path}: empty training plan");
            var problems = plan.Datasets.Concat(plan.Evaluation).SelectMany(d => d.Validate()).ToList();
            if (plan.Datasets.Count == 0) problems.Add("the plan names no datasets to train on");
            if (problems.Count > 0) throw new CliException(string.Join(Environment.NewLine, problems.Select(p => $"{path}: {p}")));
            return plan;
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not a training plan ({e.Message})");
        }
    }
}

/// <summary>
/// One dataset with known answers: extract files (or a synthetic population) and where its truth is —
/// a truth file (<c>source,record_id,person_id</c>), a column of the extract itself (with an optional
/// regex whose first group is the person), or labelled pairs
/// (<c>left_source,left_record_id,right_source,right_record_id,label</c>).
/// </summary>
public sealed record DatasetSpec
{
    public required string Name { get; init; }
    public List<string> Files { get; init; } = [];
    public SynthSpec? Synth { get; init; }
    public string? Columns { get; init; }
    public string? DateFormat { get; init; }
    public string? TruthFile { get; init; }
    public string? TruthColumn { get; init; }
    public string? TruthPattern { get; init; }
    public string? Pairs { get; init; }
    /// <summary>Canonical columns to blank, one list per extra copy of the dataset (the full dataset is always included).</summary>
    public List<List<string>> DropColumns { get; init; } = [];

    public IEnumerable<string> Validate()
    {
        if (Synth is null && Files.Count == 0) yield return $"dataset '{Name}' has neither files nor synth";
        if (Synth is null && TruthFile is null && TruthColumn is null && Pairs is null)
            yield return $"dataset '{Name}' has no truth (truth_file, truth_column or pairs)";
        foreach (var column in DropColumns.SelectMany(c => c))
            if (!Core.Records.CanonicalFields.TryParse(column, out _)) yield return $"dataset '{Name}': '{column}' in drop_columns is not a canonical column";
    }
}

public sealed record SynthSpec(int Persons, int Seed);
