using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Training;

/// <summary>
/// Spoils single values at random, each field of each record on its own: blanked, or replaced by the
/// same field of another record. Other sites' extracts fail one field at a time in ways synth does
/// not (a wrong town beside the right postcode); a model that has seen such pairs does not take one
/// stray field as proof of two people. Seeded, so a variant is the same on every run.
/// </summary>
internal sealed class FieldNoise(IReadOnlyList<SourceRecord> records, double swapRate, double blankRate, int seed)
{
    private static readonly CanonicalField[] Fields = CanonicalFields.All.Where(f => f is not (CanonicalField.Source or CanonicalField.RecordId)).ToArray();
    private readonly Random _random = new(seed);

    public SourceRecord Apply(SourceRecord record)
    {
        if (swapRate <= 0 && blankRate <= 0) return record;
        foreach (var field in Fields)
        {
            if (record[field] is null) continue;
            var draw = _random.NextDouble();
            if (draw < blankRate) record = TrainingDataset.With(record, field, null);
            else if (draw < blankRate + swapRate) record = TrainingDataset.With(record, field, records[_random.Next(records.Count)][field]);
        }
        return record;
    }
}
