using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// <c>POST /fhir/Patient/$match</c> (FHIR R4, IHE PDQm ITI-119): the source records that match a
/// Patient's demographics, strongest first, graded by <see cref="MatchGrade"/>. Writes nothing.
/// </summary>
internal sealed class MatchOperation(IdentityService identities, FhirPatients patients, StoredPatients stored, IOptions<MatchingOptions> matching)
{
    public const int DefaultCount = 10;
    private readonly int _maxCount = matching.Value.MaxCandidatesPerCall;
    private const string ParameterPath = "Parameters.parameter.where(name = '{0}')";

    public async Task<Bundle> RunAsync(Parameters input, string baseUrl, CancellationToken cancellationToken)
    {
        // The Parameters as asked, demographics included: the audit trail is where a search is investigated.
        AuditScope.Current?.Asks(query: "POST /fhir/Patient/$match " + input.ToJson());
        var patient = Single(input, "resource")?.Resource as Patient
            ?? throw FhirException.Invalid(string.Format(ParameterPath, "resource") + ".resource", "the resource parameter must hold a Patient");
        var onlyCertain = Flag(input, "onlyCertainMatches");
        var count = Count(input);
        var query = patients.ToQuery(patient);

        // Grades are not monotone in probability (no evidence about the person caps a pair at review), so search wide, then cut.
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        var (candidates, warnings) = await identities.MatchAsync(query, _maxCount, cancellationToken);
        foreach (var candidate in candidates)
        {
            var grade = MatchGrade.Of(candidate, identities.Decisions);
            if (grade is null || (onlyCertain && grade != MatchGrade.Certain)) continue;
            if (await stored.ReadAsync(candidate.Record, cancellationToken) is not { } found) continue; // withdrawn meanwhile
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Patient/{found.Id}",
                Resource = found,
                Search = new Bundle.SearchComponent
                {
                    Mode = Bundle.SearchEntryMode.Match,
                    Score = (decimal)Math.Round(candidate.Probability, 6),
                    Extension = [new Extension(MatchGrade.ExtensionUrl, new Code(grade))],
                },
            });
            if (bundle.Entry.Count == count) break;
        }
        bundle.Total = bundle.Entry.Count;
        // Fields of the query left out of the search, as FHIR search reports such things: an outcome entry.
        if (FhirPatients.WarningsOf(warnings) is { } outcome)
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = outcome, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        return bundle;
    }

    private static Parameters.ParameterComponent? Single(Parameters input, string name) => input.Get(name).ToList() switch
    {
        [] => null,
        [var one] => one,
        _ => throw FhirException.Invalid(string.Format(ParameterPath, name), $"{name} is given more than once"),
    };

    private static bool Flag(Parameters input, string name) => Single(input, name)?.Value switch
    {
        null => false,
        FhirBoolean { Value: { } value } => value,
        _ => throw FhirException.Invalid(string.Format(ParameterPath, name) + ".value", $"{name} must be a boolean"),
    };

    private int Count(Parameters input) => Single(input, "count")?.Value switch
    {
        null => Math.Min(DefaultCount, _maxCount),
        Integer { Value: { } count } when count >= 1 && count <= _maxCount => count,
        PositiveInt { Value: { } count } when count >= 1 && count <= _maxCount => count,
        _ => throw FhirException.Invalid(string.Format(ParameterPath, "count") + ".value", $"count must be an integer from 1 to {_maxCount}"),
    };
}
