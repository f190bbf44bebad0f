using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace PatientIndex.Server.Fhir;

/// <summary>What <see cref="FhirEndpoints"/> serves, and nothing more: keep the two together.</summary>
internal static class Capabilities
{
    public const string MatchOperation = "http://hl7.org/fhir/OperationDefinition/Patient-match";
    public const string PixOperation = "https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix";

    public static CapabilityStatement Of(string baseUrl) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2025-01-01",
        Kind = CapabilityStatementKind.Instance,
        Software = new SoftwareComponent { Name = "PatientIndex" },
        Implementation = new ImplementationComponent { Description = "PatientIndex master patient index", Url = baseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["application/fhir+json"],
        Rest =
        [
            new RestComponent
            {
                Mode = RestfulCapabilityMode.Server,
                Documentation = "Patients are source records (identifier system urn:patientindex:source:<code>, or one configured in Fhir:Sources); "
                    + "a Person is the enterprise identity that links them.",
                Interaction =
                [
                    new SystemInteractionComponent { Code = SystemRestfulInteraction.Transaction },
                    new SystemInteractionComponent { Code = SystemRestfulInteraction.Batch },
                ],
                Resource = [Patient(), Person(), AuditEvent()],
            },
        ],
    };

    /// <summary>What create, update and merge mean here, for the client that reads the statement.</summary>
    public const string PatientDocumentation =
        "A Patient is one source record, named by its identifier in the source's system. "
        + "POST creates only: a Patient whose identifier is already held is refused with 409 Conflict and nothing changes; an update is a PUT. "
        + "POST with If-None-Exist: identifier=system|value (a source system; comma-separated values match any) is a conditional create: "
        + "when it matches one Patient the answer is 200 with that Patient and nothing changes, when it matches none the Patient is created (201), "
        + "when it matches more than one the answer is 412. PUT Patient/id or PUT Patient?identifier=system|value creates or replaces the record. "
        + "A source's merge (IHE PIXm ITI-104): the duplicate sent with active false and a link of type replaced-by to the surviving Patient "
        + "(Patient/id or identifier, a record of the same source), or the survivor sent with a link of type replaces to each duplicate, "
        + "moves the duplicate into the survivor's Person, logged with the source as actor and undoable by a steward as any merge; "
        + "the duplicate then reads back inactive with its replaced-by link, the survivor with its replaces links. "
        + "A survivor not held is a 422; an inactive Patient without replaced-by is a 422 (withdraw a record with DELETE).";

    private static ResourceComponent Patient() => new()
    {
        Type = "Patient",
        Documentation = PatientDocumentation,
        Interaction =
        [
            Interaction(TypeRestfulInteraction.Read),
            Interaction(TypeRestfulInteraction.Create),
            Interaction(TypeRestfulInteraction.Update),
            Interaction(TypeRestfulInteraction.Delete),
        ],
        Versioning = ResourceVersionPolicy.NoVersion,
        UpdateCreate = true,
        ConditionalCreate = true,
        ConditionalUpdate = true,
        ConditionalDelete = ConditionalDeleteStatus.Single,
        Operation =
        [
            new OperationComponent { Name = "match", Definition = MatchOperation },
            new OperationComponent { Name = "ihe-pix", Definition = PixOperation },
        ],
    };

    private static ResourceComponent Person() => new()
    {
        Type = "Person",
        Interaction = [Interaction(TypeRestfulInteraction.Read), Interaction(TypeRestfulInteraction.SearchType)],
        Versioning = ResourceVersionPolicy.NoVersion,
        SearchParam =
        [
            new CapabilityStatement.SearchParamComponent
            {
                Name = "patient", Type = SearchParamType.Reference, Definition = "http://hl7.org/fhir/SearchParameter/Person-patient",
                Documentation = "Patient/{id}: the person that source record belongs to",
            },
        ],
    };

    private static ResourceComponent AuditEvent() => new()
    {
        Type = "AuditEvent",
        Documentation = "Every access to patient data, one AuditEvent per patient as IHE BALP asks (PatientQuery, PatientRead, PatientCreate, "
            + "PatientUpdate, PatientDelete), oldest first. Paged with _count; the next link carries _cursor.",
        Interaction = [Interaction(TypeRestfulInteraction.Read), Interaction(TypeRestfulInteraction.SearchType)],
        Versioning = ResourceVersionPolicy.NoVersion,
        SearchParam =
        [
            new CapabilityStatement.SearchParamComponent
            {
                Name = "patient", Type = SearchParamType.Reference, Definition = "http://hl7.org/fhir/SearchParameter/clinical-patient",
                Documentation = "Patient/{id}: the AuditEvents about that source record",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = "date", Type = SearchParamType.Date, Definition = "http://hl7.org/fhir/SearchParameter/AuditEvent-date",
                Documentation = "when recorded: eq (the default), ge, gt, le or lt; repeat to bound both ends",
            },
        ],
    };

    private static ResourceInteractionComponent Interaction(TypeRestfulInteraction code) => new() { Code = code };
}
