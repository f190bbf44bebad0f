using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Training;

/// <summary>
/// Spoils single values at random, each field of each record on its own: blanked, replaced by the
/// same field of another record, or mistyped (a key or two struck wrong: letters swapped, dropped,
/// doubled or replaced). Other sites' extracts fail one field at a time in ways synth does not (a
/// wrong town beside the right postcode, a name typed in a hurry); a model that has seen such pairs
/// neither takes one stray field as proof of two people nor needs every field spelt alike.
/// Seeded, so a variant is the same on every run.
/// </summary>
internal sealed class FieldNoise(IReadOnlyList<SourceRecord> records, double swapRate, double blankRate, double typoRate, int seed)
{
    private static readonly CanonicalField[] Fields = CanonicalFields.All.Where(f => f is not (CanonicalField.Source or CanonicalField.RecordId)).ToArray();

    /// <summary>Typed by hand, so mistyped; identifiers are left to synth's own error model (check digits).</summary>
    private static readonly HashSet<CanonicalField> Typed =
    [
        CanonicalField.GivenName, CanonicalField.MiddleNames, CanonicalField.FamilyName, CanonicalField.Dob, CanonicalField.Postcode,
        CanonicalField.AddressLine1, CanonicalField.AddressLine2, CanonicalField.City, CanonicalField.Email,
    ];

    /// <summary>
    /// What tells the people of one home apart. Another record's given name, birth date or sex on a true match
    /// would teach the model that twins, siblings and a parent and child are one person; those fields are
    /// blanked and mistyped, never swapped.
    /// </summary>
    private static readonly HashSet<CanonicalField> NeverSwapped =
        [CanonicalField.GivenName, CanonicalField.MiddleNames, CanonicalField.Dob, CanonicalField.Sex];

    private readonly Random _random = new(seed);

    public SourceRecord Apply(SourceRecord record)
    {
        if (swapRate <= 0 && blankRate <= 0 && typoRate <= 0) return record;
        foreach (var field in Fields)
        {
            if (record[field] is not { } value) continue;
            var draw = _random.NextDouble();
            if (draw < blankRate) record = TrainingDataset.With(record, field, null);
            else if (draw < blankRate + swapRate)
            {
                if (!NeverSwapped.Contains(field)) record = TrainingDataset.With(record, field, records[_random.Next(records.Count)][field]);
            }
            else if (draw < blankRate + swapRate + typoRate && Typed.Contains(field)) record = TrainingDataset.With(record, field, Mistype(value));
        }
        return record;
    }

    private string Mistype(string value)
    {
        var chars = value.ToList();
        var strokes = _random.NextDouble() < 0.3 ? 2 : 1;
        for (var s = 0; s < strokes && chars.Count > 1; s++)
        {
            var at = _random.Next(chars.Count - 1);
            switch (_random.Next(4))
            {
                case 0: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
                case 1: chars.RemoveAt(at); break;
                case 2: chars.Insert(at, chars[at]); break;
                default: chars[at] = Like(chars[at]); break;
            }
        }
        return new string([.. chars]);
    }

    /// <summary>Another character of the same kind: a digit for a digit (dates stay dates, if not always real ones), a letter for a letter.</summary>
    private char Like(char c) =>
        char.IsDigit(c) ? (char)('0' + _random.Next(10))
        : char.IsLetter(c) ? (char)((char.IsUpper(c) ? 'A' : 'a') + _random.Next(26))
        : c;
}
