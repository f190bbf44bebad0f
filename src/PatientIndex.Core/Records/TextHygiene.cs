using System.Buffers;

namespace PatientIndex.Core.Records;

/// <summary>
/// Characters no patient's details hold: control characters (NUL, tabs, line breaks, escape) and the
/// bidirectional controls that make text display other than it reads (U+202E shows "Smith" as "htimS").
/// A record key that holds one cannot be written or shown faithfully, so the record is refused; any
/// other field has them removed, with a warning, and the record is kept. Every door applies this one rule.
/// </summary>
public static class TextHygiene
{
    private static readonly SearchValues<char> Unwanted = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\u007F', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c),
         '\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']);

    public static bool IsClean(string? value) => value is null || value.AsSpan().IndexOfAny(Unwanted) < 0;

    /// <summary>Why a value cannot be kept as it is, naming the first unwanted character; null when it is clean.</summary>
    public static string? Problem(string? value)
    {
        if (value is null) return null;
        var at = value.AsSpan().IndexOfAny(Unwanted);
        if (at < 0) return null;
        var kind = char.IsControl(value[at]) ? "a control character" : "a bidirectional text control";
        return $"contains {kind} (U+{(int)value[at]:X4}) at character {at + 1}";
    }

    /// <summary>The value without its unwanted characters; a line break or tab inside a field becomes a space.</summary>
    public static string Cleaned(string value)
    {
        var kept = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!Unwanted.Contains(c)) kept.Append(c);
            else if (c is '\t' or '\n' or '\r') kept.Append(' ');
        }
        return kept.ToString().Trim();
    }

    /// <summary>
    /// The record as it may be kept, with a problem for each field that had characters removed; or the
    /// reason it is refused, when its source or record id holds any.
    /// </summary>
    public static (SourceRecord? Record, string? Refusal) Clean(SourceRecord record, List<FieldProblem> problems)
    {
        if (Problem(record.Source) is { } sourceProblem) return (null, $"source {sourceProblem}");
        if (Problem(record.RecordId) is { } idProblem) return (null, $"record_id {idProblem}");
        if (Fields.All(f => IsClean(record[f]))) return (record, null);
        foreach (var field in Fields)
            if (Problem(record[field]) is { } problem)
                problems.Add(new FieldProblem(field, record[field]!, problem + "; removed"));
        string? Kept(string? value) => value is null || IsClean(value) ? value : Cleaned(value) is { Length: > 0 } cleaned ? cleaned : null;
        return (record with
        {
            NhsNumber = Kept(record.NhsNumber),
            NhsNumberVerification = Kept(record.NhsNumberVerification),
            OtherId = Kept(record.OtherId),
            GivenName = Kept(record.GivenName),
            MiddleNames = Kept(record.MiddleNames),
            FamilyName = Kept(record.FamilyName),
            Dob = Kept(record.Dob),
            Sex = Kept(record.Sex),
            Postcode = Kept(record.Postcode),
            AddressLine1 = Kept(record.AddressLine1),
            AddressLine2 = Kept(record.AddressLine2),
            City = Kept(record.City),
            Phone = Kept(record.Phone),
            Email = Kept(record.Email),
        }, null);
    }

    private static readonly CanonicalField[] Fields = [.. CanonicalFields.All.Where(f => f is not (CanonicalField.Source or CanonicalField.RecordId))];
}
