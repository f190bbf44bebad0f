using PatientIndex.Core.Records;
using PatientIndex.Core.Text;

namespace PatientIndex.Core.Normalisation;

/// <summary>Source record → normalised record. Field-level problems blank the field and are reported.</summary>
public sealed class RecordNormaliser(NicknameTable nicknames, DateOnly today, string? dateFormat = null)
{
    public RecordNormaliser(string? dateFormat = null)
        : this(NicknameTable.Default, DateOnly.FromDateTime(DateTime.UtcNow), dateFormat) { }

    public NormalisedRecord Normalise(SourceRecord record, List<FieldProblem>? problems = null)
    {
        var nhs = NhsNumber.Normalise(record.NhsNumber, out var nhsValid, out var nhsProblem);
        Report(problems, CanonicalField.NhsNumber, record.NhsNumber, nhsProblem);
        var verification = NhsNumberVerificationCode.Normalise(record.NhsNumberVerification, out var verificationProblem);
        Report(problems, CanonicalField.NhsNumberVerification, record.NhsNumberVerification, verificationProblem);
        var dob = BirthDate.Parse(record.Dob, dateFormat, today, out var dobProblem);
        Report(problems, CanonicalField.Dob, record.Dob, dobProblem);

        var given = NameText.PersonalNameTokens(record.GivenName);
        var givenJoined = given.Count > 1 ? string.Concat(given) : null;
        var middle = NameText.Tokens(record.MiddleNames);
        if (given.Count > 1 && middle.Count == 0) { middle.AddRange(given.Skip(1)); given.RemoveRange(1, given.Count - 1); }
        var givenName = given.Count > 0 ? given[0] : null;
        var family = NameText.PersonalNameTokens(record.FamilyName);
        var familyName = family.Count > 0 ? string.Concat(family) : null;

        return new NormalisedRecord
        {
            Source = record.Source,
            RecordId = record.RecordId,
            NhsNumber = nhs,
            NhsNumberValid = nhsValid,
            NhsNumberVerification = verification,
            OtherId = Identifier(record.OtherId),
            GivenName = givenName,
            GivenNameJoined = givenJoined,
            MiddleNames = middle.Count > 0 ? string.Join(' ', middle) : null,
            FamilyName = familyName,
            FamilyNameParts = family.Count > 1 ? family.ToArray() : [],
            GivenNamePhonetic = givenName is { Length: > 1 } ? PhoneticKey.Of(givenName) : "",
            FamilyNamePhonetic = PhoneticKey.Of(familyName),
            GivenNameGroups = nicknames.GroupsOf(givenName),
            Dob = dob,
            Sex = SexCode.Parse(record.Sex),
            Postcode = Postcode.Parse(record.Postcode),
            Address = ContactText.Address(record.AddressLine1, record.AddressLine2),
            City = ContactText.Town(record.City),
            Phone = ContactText.Phone(record.Phone),
            Email = ContactText.Email(record.Email),
        };
    }

    private static string? Identifier(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, 64)];
        var n = 0;
        foreach (var c in raw)
            if (char.IsAsciiLetterOrDigit(c) && n < buffer.Length) buffer[n++] = char.ToUpperInvariant(c);
        return n == 0 ? null : new string(buffer[..n]);
    }

    private static void Report(List<FieldProblem>? problems, CanonicalField field, string? value, string? problem)
    {
        if (problem is not null) problems?.Add(new FieldProblem(field, value ?? "", problem));
    }
}
