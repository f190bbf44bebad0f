using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The identity feed (IHE PIXm ITI-104): Patients created, updated or withdrawn by their source
/// systems, each run through match-and-link. A change is first prepared (mapped and checked, so a
/// rejected request writes nothing), then applied.
/// </summary>
internal sealed class IdentityFeed(IdentityService identities, FhirPatients patients)
{
    /// <summary><c>POST Patient</c>: the record is named by the Patient's identifier in a source system.</summary>
    public FeedChange Create(Patient patient)
    {
        var key = patients.KeyOf(patient);
        return new FeedChange(key, patients.ToRecord(patient, key));
    }

    /// <summary><c>PUT Patient?identifier=system|value</c> or <c>PUT Patient/id</c>: the record is named by the URL.</summary>
    public FeedChange Update(Patient patient, RecordKey key, bool idRequired)
    {
        var id = PatientIds.Of(key);
        if (idRequired ? patient.Id != id : patient.Id is not null && patient.Id != id)
            throw FhirException.Invalid("Patient.id", $"the Patient's id must be {id}, the id in the URL");
        var system = patients.Systems.SystemOf(key.Source);
        if (patient.Identifier.FirstOrDefault(i => i.System == system) is { } own && own.Value?.Trim() != key.RecordId)
            throw FhirException.Invalid("Patient.identifier", $"the Patient's {system} identifier is {own.Value}, not {key.RecordId} as in the URL");
        return new FeedChange(key, patients.ToRecord(patient, key));
    }

    public static FeedChange Withdraw(RecordKey key) => new(key, null);

    /// <summary>The record a conditional URL's <c>identifier=system|value</c> names.</summary>
    public RecordKey KeyOf(string? identifier) => patients.KeyOf(identifier, "Patient.identifier");

    /// <summary>Starts the change at once (the link queue keeps the order of calls), answers when it is written.</summary>
    public async Task<FhirResult> ApplyAsync(FeedChange change, string baseUrl, CancellationToken cancellationToken)
    {
        if (change.Record is null) return await WithdrawAsync(change.Key, cancellationToken);
        var result = await identities.LinkAsync(change.Record, cancellationToken);
        var stored = await identities.FindRecordAsync(change.Key, cancellationToken) ?? throw FhirException.NotFound($"record {change.Key}");
        var created = result.Change?.Events.Any(e => e.Kind == LinkEventKind.RecordLinked) ?? false;
        var patient = patients.ToPatient(stored);
        return new FhirResult(patient, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, $"{baseUrl}/Patient/{patient.Id}")
        {
            Warnings = FhirPatients.WarningsOf(result.Warnings),
        };
    }

    private async Task<FhirResult> WithdrawAsync(RecordKey key, CancellationToken cancellationToken)
    {
        var removed = await identities.RemoveAsync(key, cancellationToken) ?? throw FhirException.NotFound($"Patient/{PatientIds.Of(key)}");
        var retired = removed.PersonRetired ? $"; Person/{removed.PersonId} has no records left and is retired" : "";
        return new FhirResult(Outcomes.Information($"Patient/{PatientIds.Of(key)} withdrawn from Person/{removed.PersonId}{retired}"));
    }
}

/// <summary>A prepared feed change: the record to link, or null to withdraw the record.</summary>
internal sealed record FeedChange(RecordKey Key, SourceRecord? Record);
