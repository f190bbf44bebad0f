using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// <c>GET /fhir/Patient/$ihe-pix</c> (IHE PIXm ITI-83): the other records of the person a source
/// identifier belongs to, optionally only those in the target systems asked for. Errors as the profile
/// says: an unknown source domain 400, an unknown target domain 403, an unknown identifier 404.
/// </summary>
internal sealed class PixQuery(IdentityService identities, FhirPatients patients)
{
    public async Task<Parameters> RunAsync(string? sourceIdentifier, string[] targetSystems, CancellationToken cancellationToken)
    {
        var key = patients.KeyOf(sourceIdentifier, "sourceIdentifier");
        foreach (var system in targetSystems)
            if (patients.Systems.SourceOf(system) is null)
                throw new FhirException(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.CodeInvalid,
                    $"targetSystem {system} is not a domain this index knows", "targetSystem");
        var targets = targetSystems.Select(s => patients.Systems.SourceOf(s)!).ToHashSet(StringComparer.Ordinal);
        AuditScope.Current?.Asks(records: [key]);

        var person = await identities.PersonOfAsync(key, cancellationToken)
            ?? throw FhirException.NotFound($"sourceIdentifier {sourceIdentifier}");
        var answer = new Parameters { Id = Guid.NewGuid().ToString("N") }; // with no targets, an id keeps it a valid (non-empty) resource
        var others = person.Records.Select(r => r.Key).Where(k => k != key && (targets.Count == 0 || targets.Contains(k.Source))).ToList();
        AuditScope.Current?.Discloses(others, [person.PersonId]);
        foreach (var other in others)
        {
            answer.Add("targetIdentifier", patients.IdentifierOf(other));
            answer.Add("targetId", patients.ReferenceTo(other));
        }
        return answer;
    }
}
