using System.Text.Json;
using PatientIndex.Ml;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Training;

/// <summary>
/// What <c>train --plan</c> learns from and is judged on, as data (<c>models/train-plan.json</c>):
/// datasets with their truth, the column-dropping variants that teach the model to live without a
/// field, the trainer settings, and the datasets for the side-by-side table in the model card.
/// Relative paths are relative to the plan file.
/// </summary>
public sealed record TrainingPlan
{
    public string Id { get; init; } = "match-v3";
    public TrainerOptions Trainer { get; init; } = new();
    public List<DatasetSpec> Datasets { get; init; } = [];
    public List<DatasetSpec> Evaluation { get; init; } = [];
    /// <summary>Datasets that choose the auto-link threshold by whole linkage runs; never trained on and never judges.</summary>
    public List<DatasetSpec> Selection { get; init; } = [];
    /// <summary>Dataset name prefixes: for each, a model trained without those datasets is judged on them (the model card's generalisation table).</summary>
    public List<string> LeaveOutChecks { get; init; } = [];

    public static TrainingPlan Read(string path)
    {
        if (!File.Exists(path)) throw new TrainingPlanException($"{path}: no such training plan");
        try
        {
            var plan = JsonSerializer.Deserialize<TrainingPlan>(File.ReadAllText(path), MatchModel.Json)
                ?? throw new TrainingPlanException($"{path}: empty training plan");
            var problems = plan.Datasets.Concat(plan.Evaluation).Concat(plan.Selection).SelectMany(d => d.Validate()).ToList();
            if (plan.Datasets.Count == 0) problems.Add("the plan names no datasets to train on");
            if (problems.Count > 0) throw new TrainingPlanException(string.Join(Environment.NewLine, problems.Select(p => $"{path}: {p}")));
            return plan;
        }
        catch (JsonException e)
        {
            throw new TrainingPlanException($"{path}: not a training plan ({e.Message})");
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
    /// <summary>
    /// The share of each run's labelled pairs kept (at random, seeded; twin and namesake pairs always): a large
    /// population teaches what its size does to the evidence without its every pair.
    /// </summary>
    public double PairShare { get; init; } = 1;
    /// <summary>Extra copies of the dataset with columns blanked or values spoilt (the dataset as it is always comes first).</summary>
    public List<VariantSpec> Variants { get; init; } = [];

    public IEnumerable<string> Validate()
    {
        if (Synth is null && Files.Count == 0) yield return $"dataset '{Name}' has neither files nor synth";
        if (Synth is null && TruthFile is null && TruthColumn is null && Pairs is null)
            yield return $"dataset '{Name}' has no truth (truth_file, truth_column or pairs)";
        if (PairShare is <= 0 or > 1) yield return $"dataset '{Name}': pair_share must be in (0, 1]";
        foreach (var column in Variants.SelectMany(v => v.Drop))
            if (!Core.Records.CanonicalFields.TryParse(column, out _)) yield return $"dataset '{Name}': '{column}' in drop is not a canonical column";
        foreach (var v in Variants.Where(v => v.SwapRate is < 0 or > 1 || v.BlankRate is < 0 or > 1 || v.TypoRate is < 0 or > 1))
            yield return $"dataset '{Name}': swap_rate, blank_rate and typo_rate must be in [0, 1]";
        foreach (var v in Variants.Where(v => v.DobAs is not (null or FieldReshaping.Year or FieldReshaping.YearMonth)))
            yield return $"dataset '{Name}': dob_as must be '{FieldReshaping.Year}' or '{FieldReshaping.YearMonth}', not '{v.DobAs}'";
    }
}

/// <summary>
/// A copy of a dataset that teaches the model to cope with what other sites send: whole columns
/// absent, and (with a rate) single values blanked or replaced by another record's value, errors
/// that strike one field at a time, independently of the others.
/// </summary>
public sealed record VariantSpec
{
    public List<string> Drop { get; init; } = [];
    public double SwapRate { get; init; }
    public double BlankRate { get; init; }
    public double TypoRate { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Birth dates cut to <c>year</c> or <c>year_month</c>, as historical and survey records hold them.</summary>
    public string? DobAs { get; init; }
    /// <summary>Birth dates moved this many years earlier (a historical population: dates before 1900).</summary>
    public int DobYearsEarlier { get; init; }
    /// <summary>Postcodes replaced by a 5-digit code per district, as a US-style zip would be.</summary>
    public bool PostcodeAsZip { get; init; }

    public static VariantSpec AsItIs { get; } = new();

    public bool Reshapes => DobAs is not null || DobYearsEarlier != 0 || PostcodeAsZip;

    public string NameOf(string dataset)
    {
        var name = Drop.Count == 0 ? dataset : dataset + "-without-" + string.Join("+", Drop);
        name = SwapRate > 0 || BlankRate > 0 ? name + FormattableString.Invariant($"-noisy-{SwapRate:0.##}-{BlankRate:0.##}") : name;
        name = TypoRate > 0 ? name + FormattableString.Invariant($"-typos-{TypoRate:0.##}") : name;
        if (DobAs is not null) name += "-dob-as-" + DobAs;
        if (DobYearsEarlier != 0) name += FormattableString.Invariant($"-dob-{DobYearsEarlier}-years-earlier");
        return PostcodeAsZip ? name + "-postcode-as-zip" : name;
    }
}

public sealed record SynthSpec(int Persons, int Seed);
