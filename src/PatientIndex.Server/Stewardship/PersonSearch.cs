using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>
/// What a steward looks a person up by: a source's record id, or demographics (any of name, birth date,
/// NHS number, postcode) searched the way a match is, so a typo or a nickname still finds the person.
/// </summary>
public sealed record PersonSearch(string? Name, string? Dob, string? NhsNumber, string? Postcode, string? Source, string? RecordId)
{
    public bool IsEmpty => new[] { Name, Dob, NhsNumber, Postcode, RecordId }.All(string.IsNullOrWhiteSpace);

    public bool ByRecordId => !string.IsNullOrWhiteSpace(Source) && !string.IsNullOrWhiteSpace(RecordId);

    /// <summary>The demographics as a record to match; one name is taken as a family name, more as given names then the family name.</summary>
    public SourceRecord AsRecord()
    {
        var names = (Name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SourceRecord
        {
            Source = "steward-search",
            RecordId = "search",
            GivenName = names.Length > 1 ? string.Join(' ', names[..^1]) : null,
            FamilyName = names.Length > 0 ? names[^1] : null,
            Dob = Blank(Dob),
            NhsNumber = Blank(NhsNumber),
            Postcode = Blank(Postcode),
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A person a search found: how likely the best of its records is the one sought (null for an exact record id), and its records.</summary>
public sealed record PersonFound(string PersonId, double? Probability, IReadOnlyList<StoredRecord> Records);
