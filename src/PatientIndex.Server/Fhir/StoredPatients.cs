using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// Stored records read back as Patients, with what their source's merges say of them, wherever a
/// Patient is answered: each is disclosed to the request's <see cref="AuditScope"/>.
/// </summary>
internal sealed class StoredPatients(IdentityService identities, FhirPatients patients)
{
    public async Task<Patient?> ReadAsync(RecordKey key, CancellationToken cancellationToken) =>
        await identities.FindRecordAsync(key, cancellationToken) is { } stored ? await ToPatientAsync(stored, cancellationToken) : null;

    public async Task<Patient> ToPatientAsync(StoredRecord stored, CancellationToken cancellationToken)
    {
        var patient = patients.ToPatient(stored, await identities.SourceMergesOfAsync(stored, cancellationToken));
        AuditScope.Current?.Discloses([stored.Key], [stored.Link.PersonId]);
        return patient;
    }
}
