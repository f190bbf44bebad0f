using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Tests;

/// <summary>Builds normalised records for tests from the fields that matter to each one.</summary>
internal static class Rec
{
    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2026, 11, 24));
    private static int _next;

    public static NormalisedRecord Make(string? given = null, string? family = null, string? dob = null, string? nhs = null,
        string? postcode = null, string? sex = null, string? address = null, string? middle = null, string? otherId = null,
        string source = "test", string? city = null, string? email = null, string? phone = null, string? nhsVerification = null) =>
        Normaliser.Normalise(new SourceRecord
        {
            Source = source,
            RecordId = $"r{Interlocked.Increment(ref _next)}",
            GivenName = given,
            FamilyName = family,
            MiddleNames = middle,
            Dob = dob,
            NhsNumber = nhs,
            NhsNumberVerification = nhsVerification,
            Postcode = postcode,
            Sex = sex,
            AddressLine1 = address,
            OtherId = otherId,
            City = city,
            Email = email,
            Phone = phone,
        });
}
