using Google.Protobuf.WellKnownTypes;
using PatientIndex.Api.V1;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Grpc;

/// <summary>Between the API's messages and the domain's types. Empty strings in proto3 are absent values.</summary>
internal static class ApiMapping
{
    public static SourceRecord ToDomain(PatientRecord r) => new()
    {
        Source = r.Source.Trim(), RecordId = r.RecordId.Trim(), NhsNumber = Value(r.NhsNumber), OtherId = Value(r.OtherId),
        GivenName = Value(r.GivenName), MiddleNames = Value(r.MiddleNames), FamilyName = Value(r.FamilyName), Dob = Value(r.Dob),
        Sex = Value(r.Sex), Postcode = Value(r.Postcode), AddressLine1 = Value(r.AddressLine1), AddressLine2 = Value(r.AddressLine2),
        City = Value(r.City), Phone = Value(r.Phone), Email = Value(r.Email), NhsNumberVerification = Value(r.NhsNumberVerification),
    };

    public static PatientRecord ToApi(SourceRecord r) => new()
    {
        Source = r.Source, RecordId = r.RecordId, NhsNumber = r.NhsNumber ?? "", OtherId = r.OtherId ?? "",
        GivenName = r.GivenName ?? "", MiddleNames = r.MiddleNames ?? "", FamilyName = r.FamilyName ?? "", Dob = r.Dob ?? "",
        Sex = r.Sex ?? "", Postcode = r.Postcode ?? "", AddressLine1 = r.AddressLine1 ?? "", AddressLine2 = r.AddressLine2 ?? "",
        City = r.City ?? "", Phone = r.Phone ?? "", Email = r.Email ?? "", NhsNumberVerification = r.NhsNumberVerification ?? "",
    };

    public static MatchAndLinkResponse ToApi(LinkResult result) => new()
    {
        Source = result.Record.Source,
        RecordId = result.Record.RecordId,
        PersonId = result.PersonId,
        Decision = ToApi(result.Outcome),
        Probability = result.Probability,
        ReviewTaskId = result.ReviewTaskId ?? "",
        Changed = result.Change is not null,
        Candidates = { result.Candidates.Select(ToApi) },
        Warnings = { result.Warnings.Select(ToApi) },
    };

    public static FieldWarning ToApi(FieldProblem problem) =>
        new() { Field = "record." + CanonicalFields.HeaderOf(problem.Field), Value = problem.Value, Reason = problem.Reason };

    public static Candidate ToApi(ExplainedCandidate c)
    {
        var candidate = new Candidate { Source = c.Record.Source, RecordId = c.Record.RecordId, PersonId = c.PersonId, Probability = c.Probability };
        for (var i = 0; i < ComparisonSchema.Count; i++)
        {
            var level = c.Comparison.Levels[i];
            if (level == 0 && c.Contributions[i] == 0) continue;
            var definition = ComparisonSchema.Comparisons[i];
            candidate.Contributions.Add(new FieldContribution { Field = definition.Name, Level = definition.LevelName(level), Bits = c.Contributions[i] });
        }
        return candidate;
    }

    public static Decision ToApi(LinkOutcome outcome) => outcome switch
    {
        LinkOutcome.Linked => Decision.Linked,
        LinkOutcome.NewPerson => Decision.NewPerson,
        LinkOutcome.Review => Decision.Review,
        _ => Decision.Unspecified,
    };

    public static GetPersonResponse ToApi(Person person) => new()
    {
        PersonId = person.PersonId,
        CreatedAt = Timestamp.FromDateTimeOffset(person.CreatedAt),
        Records =
        {
            person.Records.Select(r => new LinkedRecord
            {
                Record = ToApi(r.Record), Decision = ToApi(r.Link.Outcome), Probability = r.Link.Probability,
                Confirmed = r.Link.Confirmed, ReviewTaskId = r.Link.ReviewTaskId ?? "", Model = r.Link.Model,
                LinkedAt = Timestamp.FromDateTimeOffset(r.Link.LinkedAt),
            }),
        },
    };

    private static string? Value(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
