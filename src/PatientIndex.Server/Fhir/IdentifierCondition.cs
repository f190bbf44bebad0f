using Microsoft.AspNetCore.WebUtilities;
using PatientIndex.Core.Store;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The search of a conditional create (<c>If-None-Exist</c>): <c>identifier=system|value</c> in a
/// source system; values separated by commas match any of them, the parameter repeated matches all.
/// Nothing else is searched: a criterion this server cannot evaluate is refused (400), never ignored,
/// since ignoring it would create what the client asked not to.
/// </summary>
/// <param name="Expression">Where the condition was given (the header, or a Bundle entry's <c>request.ifNoneExist</c>).</param>
internal sealed record IdentifierCondition(IReadOnlyList<IReadOnlyList<RecordKey>> AllOf, string Expression)
{
    public static IdentifierCondition Parse(string text, FhirPatients patients, string expression)
    {
        var query = QueryHelpers.ParseQuery(text.StartsWith("Patient?", StringComparison.Ordinal) ? text["Patient".Length..] : text);
        if (query.Keys.FirstOrDefault(k => k != "identifier") is { } other)
            throw FhirException.Invalid(expression, $"only identifier=system|value can be searched for a conditional create, not {other}");
        if (!query.TryGetValue("identifier", out var identifiers) || identifiers.Count == 0)
            throw FhirException.Invalid(expression, "expected identifier=system|value");
        return new IdentifierCondition(identifiers
            .Select(any => (IReadOnlyList<RecordKey>)(any ?? "").Split(',').Select(token => patients.KeyOf(token, expression)).Distinct().ToList())
            .ToList(), expression);
    }

    /// <summary>The records held that meet the condition.</summary>
    public async Task<IReadOnlyList<StoredRecord>> MatchesAsync(IdentityService identities, CancellationToken cancellationToken)
    {
        var found = new List<StoredRecord>();
        foreach (var key in AllOf[0].Where(k => AllOf.All(group => group.Contains(k))))
            if (await identities.FindRecordAsync(key, cancellationToken) is { } stored) found.Add(stored);
        return found;
    }
}
