using Hl7.Fhir.Model;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Fhir;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// Source records as FHIR Patients in this server: the record's own identifier in its source's
/// system, the logical id of <see cref="PatientIds"/>, and the same validation the gRPC edge applies,
/// reported against the Patient's elements.
/// </summary>
public sealed class FhirPatients(SourceSystems systems)
{
    private const string QueryKey = "$match";

    private static readonly Dictionary<string, string> ElementOfField = new(StringComparer.Ordinal)
    {
        ["source"] = "Patient.identifier.system", ["record_id"] = "Patient.identifier.value",
        ["nhs_number"] = "Patient.identifier.value", ["nhs_number_verification"] = "Patient.identifier.extension",
        ["other_id"] = "Patient.identifier.value",
        ["given_name"] = "Patient.name.given", ["middle_names"] = "Patient.name.given", ["family_name"] = "Patient.name.family",
        ["dob"] = "Patient.birthDate", ["sex"] = "Patient.gender", ["postcode"] = "Patient.address.postalCode",
        ["address_line1"] = "Patient.address.line", ["address_line2"] = "Patient.address.line", ["city"] = "Patient.address.city",
        ["phone"] = "Patient.telecom.value", ["email"] = "Patient.telecom.value",
    };

    public SourceSystems Systems => systems;

    /// <summary>The stored record as its Patient; with its source's merges, inactive and <c>replaced-by</c> its survivor, or <c>replaces</c> its duplicates.</summary>
    public Patient ToPatient(StoredRecord stored, SourceMerges merges)
    {
        var patient = PatientMapper.ToPatient(stored.Record);
        patient.Id = PatientIds.Of(stored.Key);
        patient.Meta = new Meta { LastUpdated = stored.Link.LinkedAt };
        patient.Identifier.Insert(0, IdentifierOf(stored.Key));
        if (merges.ReplacedBy is { } survivor)
        {
            patient.Active = false;
            patient.Link.Add(new Patient.LinkComponent { Other = ReferenceTo(survivor), Type = Patient.LinkType.ReplacedBy });
        }
        foreach (var replaced in merges.Replaces)
            patient.Link.Add(new Patient.LinkComponent { Other = ReferenceTo(replaced), Type = Patient.LinkType.Replaces });
        return patient;
    }

    public Identifier IdentifierOf(RecordKey key) => new(systems.SystemOf(key.Source), key.RecordId) { Use = Identifier.IdentifierUse.Usual };

    /// <summary>A reference by logical id, or by identifier for a key too long to have one.</summary>
    public ResourceReference ReferenceTo(RecordKey key) =>
        PatientIds.Of(key) is { } id ? new ResourceReference("Patient/" + id) : new ResourceReference { Type = "Patient", Identifier = IdentifierOf(key) };

    /// <summary>The record a created Patient is: its first identifier in a source system.</summary>
    public RecordKey KeyOf(Patient patient)
    {
        foreach (var identifier in patient.Identifier)
            if (systems.SourceOf(identifier.System) is { } source && !string.IsNullOrWhiteSpace(identifier.Value))
                return CheckedKey(new RecordKey(source, identifier.Value.Trim()), "Patient.identifier");
        var unknown = patient.Identifier.Select(i => i.System).OfType<string>().Where(s => s != PatientMapper.NhsNumberSystem).ToList();
        throw FhirException.Unprocessable("Patient.identifier",
            "the Patient has no identifier in a known source system (" + SourceSystems.Prefix + "<code>, or a system configured in Fhir:Sources)"
            + (unknown.Count == 0 ? "" : "; unknown: " + string.Join(", ", unknown)));
    }

    /// <summary>The record named by a <c>system|value</c> token (a conditional URL or a PIX query).</summary>
    public RecordKey KeyOf(string? token, string expression, int unknownSystemStatus = StatusCodes.Status400BadRequest)
    {
        var bar = token?.IndexOf('|') ?? -1;
        if (token is null || bar <= 0 || bar == token.Length - 1)
            throw FhirException.Invalid(expression, $"expected system|value, got '{token}'");
        var system = token[..bar];
        var source = systems.SourceOf(system) ?? throw new FhirException(unknownSystemStatus, OperationOutcome.IssueType.CodeInvalid,
            $"{system} names no source system (use {SourceSystems.Prefix}<code>, or configure Fhir:Sources)", expression);
        return CheckedKey(new RecordKey(source, token[(bar + 1)..].Trim()), expression);
    }

    /// <summary>
    /// The record a reference names: <c>Patient/{id}</c>, or an identifier in a source system, or both
    /// when they agree; refused (422, naming <paramref name="expression"/>) when it names none.
    /// </summary>
    public RecordKey KeyOf(ResourceReference reference, string expression)
    {
        const string prefix = "Patient/";
        RecordKey? byId = null, byIdentifier = null;
        if (reference.Reference is { } literal)
            byId = literal.StartsWith(prefix, StringComparison.Ordinal) && PatientIds.TryParse(literal[prefix.Length..], out var key) ? key
                : throw FhirException.Unprocessable(expression, $"{literal} is not a Patient of this server: reference it as Patient/{{id}} or by its source identifier");
        if (reference.Identifier is { } identifier)
            byIdentifier = systems.SourceOf(identifier.System) is { } source && !string.IsNullOrWhiteSpace(identifier.Value)
                ? CheckedKey(new RecordKey(source, identifier.Value.Trim()), expression)
                : throw FhirException.Unprocessable(expression, $"the identifier {identifier.System}|{identifier.Value} names no record of a known source system");
        if (byId is { } id && byIdentifier is { } other && id != other)
            throw FhirException.Unprocessable(expression, $"the reference names Patient/{PatientIds.Of(id)} and its identifier Patient/{PatientIds.Of(other)}");
        return byId ?? byIdentifier ?? throw FhirException.Unprocessable(expression, "the reference names no Patient: give Patient/{id} or an identifier");
    }

    public static RecordKey KeyOfId(string id) =>
        PatientIds.TryParse(id, out var key) ? key : throw FhirException.NotFound($"Patient/{id}");

    /// <summary>The Patient as the source record <paramref name="key"/>, checked as the gRPC edge checks a record.</summary>
    public SourceRecord ToRecord(Patient patient, RecordKey key)
    {
        var record = PatientMapper.ToSourceRecord(WithoutSourceIdentifiers(patient, key.RecordId), key.Source) with { RecordId = key.RecordId };
        Check(record, keyRequired: true);
        return record;
    }

    /// <summary>Full or partial demographics to search with; no key.</summary>
    public SourceRecord ToQuery(Patient patient)
    {
        var record = PatientMapper.ToSourceRecord(WithoutSourceIdentifiers(patient, QueryKey), QueryKey);
        Check(record, keyRequired: false);
        return record;
    }

    /// <summary>Fields left out of matching, as a FHIR warning naming each element; null when there are none.</summary>
    public static OperationOutcome? WarningsOf(IReadOnlyList<FieldProblem> warnings)
    {
        if (warnings.Count == 0) return null;
        var outcome = new OperationOutcome();
        foreach (var warning in warnings)
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Warning,
                Code = OperationOutcome.IssueType.Value,
                Diagnostics = $"{ElementOf(CanonicalFields.HeaderOf(warning.Field))}: '{warning.Value}' is not usable ({warning.Reason}); it was kept, and left out of matching",
                Expression = [ElementOf(CanonicalFields.HeaderOf(warning.Field))],
            });
        return outcome;
    }

    /// <summary>The record's own identifiers are its key, not a shared id: they must not become its other id.</summary>
    private Patient WithoutSourceIdentifiers(Patient patient, string id)
    {
        var copy = (Patient)patient.DeepCopy();
        copy.Identifier.RemoveAll(i => systems.SourceOf(i.System) is not null);
        copy.Id = id;
        return copy;
    }

    private static void Check(SourceRecord record, bool keyRequired)
    {
        var violations = RecordValidator.Check(ApiMapping.ToApi(record), keyRequired, prefix: "");
        if (violations.Count == 0) return;
        throw new FhirException(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Value,
            string.Join("; ", violations.Select(v => $"{ElementOf(v.Field)}: {v.Description}")),
            violations.Select(v => ElementOf(v.Field)).Distinct().ToArray());
    }

    private static string ElementOf(string field) => ElementOfField.GetValueOrDefault(field.TrimStart('.'), "Patient");

    private static RecordKey CheckedKey(RecordKey key, string expression)
    {
        if (key.RecordId.Length == 0) throw FhirException.Invalid(expression, "the identifier has no value");
        if (PatientIds.Of(key) is null)
            throw FhirException.Unprocessable(expression, $"the record key {key} is too long for a FHIR logical id (64 characters)");
        return key;
    }
}
