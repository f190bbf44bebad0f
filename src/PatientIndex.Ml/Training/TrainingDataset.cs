using PatientIndex.Extracts;
using PatientIndex.Synth;
using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Training;

/// <summary>A dataset from a plan, read once, from which linkage runs are made: with columns blanked, scored by FS or by a model.</summary>
public sealed class TrainingDataset
{
    private readonly Extract _extract;
    private readonly string? _dateFormat;

    private TrainingDataset(DatasetSpec spec, Extract extract, KnownAnswers answers)
    {
        Spec = spec;
        _extract = extract;
        _dateFormat = spec.DateFormat;
        Answers = answers;
    }

    public DatasetSpec Spec { get; }
    public KnownAnswers Answers { get; }
    public int Records => _extract.Records.Count;

    /// <summary>Reads the dataset, generating it first when it is synthetic; null (with the reason) when its files are absent.</summary>
    public static TrainingDataset? Load(DatasetSpec spec, string planDirectory, string scratch, out string? missing)
    {
        missing = null;
        var files = spec.Files.Select(f => Path.GetFullPath(Path.Combine(planDirectory, f))).ToList();
        string? truthFile = spec.TruthFile is null ? null : Path.GetFullPath(Path.Combine(planDirectory, spec.TruthFile));
        string? pairsFile = spec.Pairs is null ? null : Path.GetFullPath(Path.Combine(planDirectory, spec.Pairs));
        if (spec.Synth is { } synth)
        {
            var directory = Path.Combine(scratch, spec.Name);
            SyntheticExtracts.Generate(new SynthOptions(synth.Persons, synth.Seed, directory));
            files = new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(directory, f)).ToList();
            truthFile = Path.Combine(directory, "truth.csv");
        }
        var absent = files.Append(truthFile).Append(pairsFile).OfType<string>().Where(f => !File.Exists(f)).ToList();
        if (absent.Count > 0) { missing = string.Join(", ", absent); return null; }
        var extract = new ExtractReader(ColumnMapping.Parse(spec.Columns)).Read(files);
        return new TrainingDataset(spec, extract, KnownAnswers.Read(spec, files, truthFile, pairsFile));
    }

    /// <summary>The dataset as it is, then each variant of the plan.</summary>
    public IEnumerable<VariantSpec> Variants() => Spec.Variants.Prepend(VariantSpec.AsItIs);

    /// <summary>Links a variant of the dataset, learning FS by EM, and labels its candidate pairs.</summary>
    public LabelledDataset Label(VariantSpec variant, LinkageSettings settings)
    {
        var records = Normalised(variant);
        var result = new LinkageEngine(settings).Run(records);
        var index = Enumerable.Range(0, records.Length).ToDictionary(i => (records[i].Source, records[i].RecordId));
        var labelled = Answers.Pairs
            .Where(p => index.ContainsKey(p.Left) && index.ContainsKey(p.Right) && p.Left != p.Right)
            .Select(p => (Math.Min(index[p.Left], index[p.Right]), Math.Max(index[p.Left], index[p.Right]), p.Match))
            .ToList();
        return new LabelledDataset(variant.NameOf(Spec.Name), Spec.Name, records,
            records.Select(r => Answers.PersonOf.GetValueOrDefault((r.Source, r.RecordId))).ToList(),
            result.CandidatePairs, result.LearntModel!, labelled, Answers.HardNegatives);
    }

    /// <summary>Links a variant of the dataset and measures the persons against the truth.</summary>
    public PairwiseMetrics Evaluate(VariantSpec variant, LinkageSettings settings, Func<FellegiSunterModel, IMatchScorer>? scorer)
    {
        var records = Normalised(variant);
        var result = new LinkageEngine(settings).Run(records, onLearntModel: scorer);
        var predicted = Enumerable.Range(0, records.Length).ToDictionary(i => (records[i].Source, records[i].RecordId), i => result.PersonOf[i].ToString());
        return PairwiseEvaluation.Evaluate(predicted, Answers.PersonOf, Answers.HardNegatives);
    }

    private NormalisedRecord[] Normalised(VariantSpec variant)
    {
        var dropped = variant.Drop.Select(Parse).ToList();
        var noise = new FieldNoise(_extract.Records, variant.SwapRate, variant.BlankRate, variant.TypoRate, variant.Seed);
        var reshaping = new FieldReshaping(variant, _dateFormat);
        var extract = new Extract();
        foreach (var record in _extract.Records) extract.Records.Add(noise.Apply(dropped.Aggregate(reshaping.Apply(record), (r, f) => With(r, f, null))));
        extract.Origins.AddRange(_extract.Origins);
        foreach (var (file, names) in _extract.ColumnNames) extract.ColumnNames[file] = names;
        return extract.Normalise(_dateFormat);
    }

    internal static SourceRecord With(SourceRecord r, CanonicalField field, string? value) => field switch
    {
        CanonicalField.NhsNumber => r with { NhsNumber = value },
        CanonicalField.NhsNumberVerification => r with { NhsNumberVerification = value },
        CanonicalField.OtherId => r with { OtherId = value },
        CanonicalField.GivenName => r with { GivenName = value },
        CanonicalField.MiddleNames => r with { MiddleNames = value },
        CanonicalField.FamilyName => r with { FamilyName = value },
        CanonicalField.Dob => r with { Dob = value },
        CanonicalField.Sex => r with { Sex = value },
        CanonicalField.Postcode => r with { Postcode = value },
        CanonicalField.AddressLine1 => r with { AddressLine1 = value },
        CanonicalField.AddressLine2 => r with { AddressLine2 = value },
        CanonicalField.City => r with { City = value },
        CanonicalField.Phone => r with { Phone = value },
        CanonicalField.Email => r with { Email = value },
        _ => throw new TrainingPlanException($"column {CanonicalFields.HeaderOf(field)} cannot be changed"),
    };

    private static CanonicalField Parse(string column) =>
        CanonicalFields.TryParse(column, out var field) ? field : throw new TrainingPlanException($"'{column}' is not a canonical column");
}
