using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// <c>GET /fhir/Person/{person_id}</c>: the enterprise identity with a link to each of its Patients.
/// Assurance says how the record came to be there: a steward confirmed it, or its source merged it there (level4); the engine linked
/// it at or above the link threshold, or it founded the person, matching no one (level3); it waits in
/// review, kept apart until a steward decides (level2).
/// </summary>
internal sealed class PersonView(IdentityService identities, FhirPatients patients)
{
    public async Task<Hl7.Fhir.Model.Person> ReadAsync(string personId, CancellationToken cancellationToken)
    {
        AuditScope.Current?.Asks(persons: [personId]);
        var person = await identities.FindPersonAsync(personId, cancellationToken) ?? throw FhirException.NotFound($"Person/{personId}");
        AuditScope.Current?.Discloses(person.Records.Select(r => r.Key));
        return new Hl7.Fhir.Model.Person
        {
            Id = person.PersonId,
            Active = true,
            Link = person.Records.Select(r => new Hl7.Fhir.Model.Person.LinkComponent
            {
                Target = patients.ReferenceTo(r.Key),
                Assurance = AssuranceOf(r.Link),
            }).ToList(),
        };
    }

    /// <summary><c>GET /fhir/Person?patient=Patient/{id}</c>: the person a source record belongs to, as a searchset of one (or none).</summary>
    public async Task<Bundle> SearchAsync(string? patient, string baseUrl, CancellationToken cancellationToken)
    {
        const string prefix = "Patient/";
        var reference = patient?.StartsWith(baseUrl + "/", StringComparison.Ordinal) == true ? patient[(baseUrl.Length + 1)..] : patient;
        if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal))
            throw FhirException.Invalid("Person.link.target", "search with patient=Patient/{id}");
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        var known = PatientIds.TryParse(reference[prefix.Length..], out var key);
        if (known) AuditScope.Current?.Asks(records: [key]);
        if (known && await identities.PersonOfAsync(key, cancellationToken) is { } person)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Person/{person.PersonId}",
                Resource = await ReadAsync(person.PersonId, cancellationToken),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        bundle.Total = bundle.Entry.Count;
        return bundle;
    }

    public static Hl7.Fhir.Model.Person.IdentityAssuranceLevel AssuranceOf(Link link) => link switch
    {
        { Confirmed: true } => Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level4,
        { Outcome: LinkOutcome.Linked or LinkOutcome.NewPerson } => Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level3,
        _ => Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level2,
    };
}
