using System.Text;
using Hl7.Fhir.Model;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using FhirAuditEvent = Hl7.Fhir.Model.AuditEvent;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The audit trail as FHIR R4 AuditEvents shaped as IHE Basic Audit Log Patterns (BALP). BALP wants
/// one AuditEvent per patient, so an access is served as one resource for each record it changed or
/// disclosed (<c>{event}-{n}</c>, the n-th record it names), or as one (<c>{event}</c>) when it names
/// none. A record it changed is a PatientCreate, PatientUpdate or PatientDelete; one it disclosed a
/// PatientRead or a PatientQuery (the disclosure by a write, e.g. MatchAndLink's candidates, is a query).
/// The profile is claimed only of a success, as BALP's profiles fix the outcome to success; a refusal or
/// failure keeps the shape with its outcome and reason.
/// </summary>
internal static class AuditEventResources
{
    private const string Balp = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
    private const string EventTypes = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private const string Interactions = "http://hl7.org/fhir/restful-interaction";
    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string Participation = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private const string EntityTypes = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private const string ObjectRoles = "http://terminology.hl7.org/CodeSystem/object-role";
    private const string SourceTypes = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private const string BalpEntityTypes = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
    private const string Provenance = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    /// <summary>This server's own codes: the action and the operation exactly, and the ids of users and clients.</summary>
    public const string ActionSystem = "urn:patientindex:audit-action";
    /// <summary>The interaction exactly, e.g. <c>fhir GET /fhir/Patient/{id}</c>.</summary>
    public const string OperationSystem = "urn:patientindex:operation";
    public const string UserSystem = "urn:patientindex:user";
    public const string ClientSystem = "urn:patientindex:client";

    /// <summary>One resource of an event: the n-th record it names (1-based), or 0 for an event that names none.</summary>
    public readonly record struct Part(AccessEvent Event, int Ordinal)
    {
        public string Id => Ordinal == 0 ? Event.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Event.EventId}-{Ordinal}";

        /// <summary>The record this resource is about and whether the access changed it (else disclosed it); null for an event naming none.</summary>
        public (RecordKey Key, bool Changed)? Record => Ordinal == 0 ? null
            : Ordinal <= Event.Changed.Count ? (Event.Changed[Ordinal - 1], true) : (Event.Returned[Ordinal - Event.Changed.Count - 1], false);
    }

    /// <summary>The resources of an event, in order; only those about <paramref name="patient"/> when one is given.</summary>
    public static IEnumerable<Part> PartsOf(AccessEvent e, RecordKey? patient = null)
    {
        var count = e.Changed.Count + e.Returned.Count;
        if (count == 0)
        {
            if (patient is null) yield return new Part(e, 0);
            yield break;
        }
        for (var n = 1; n <= count; n++)
        {
            var part = new Part(e, n);
            if (patient is null || part.Record!.Value.Key == patient) yield return part;
        }
    }

    public static FhirAuditEvent Of(Part part, FhirPatients patients, string baseUrl)
    {
        var e = part.Event;
        var record = part.Record;
        // A record a write disclosed rather than changed (its candidates) was the answer of a search.
        var kind = record is { Changed: false } && Auditing.AuditScope.Changes(e.Action) ? Kind.Query : KindOf(e.Action);
        var success = e.Outcome == AccessOutcome.Success;
        var resource = new FhirAuditEvent
        {
            Id = part.Id,
            Meta = success && ProfileOf(kind, record is not null) is { } profile ? new Meta { Profile = [profile] } : null,
            Type = new Coding(EventTypes, "rest", "Restful Operation"),
            Subtype = [new Coding(Interactions, InteractionOf(kind)), new Coding(ActionSystem, Code(e.Action)), new Coding(OperationSystem, e.Operation)],
            Action = kind switch
            {
                Kind.Create => FhirAuditEvent.AuditEventAction.C,
                Kind.Read => FhirAuditEvent.AuditEventAction.R,
                Kind.Update => FhirAuditEvent.AuditEventAction.U,
                Kind.Delete => FhirAuditEvent.AuditEventAction.D,
                _ => FhirAuditEvent.AuditEventAction.E,
            },
            Recorded = e.At,
            Outcome = e.Outcome switch
            {
                AccessOutcome.Success => FhirAuditEvent.AuditEventOutcome.N0,
                AccessOutcome.Refused => FhirAuditEvent.AuditEventOutcome.N4,
                _ => FhirAuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = e.OutcomeDetail,
            Agent = Agents(e, kind, baseUrl),
            Source = new FhirAuditEvent.SourceComponent
            {
                Site = new Uri(baseUrl).Host,
                Observer = new ResourceReference { Display = "PatientIndex" },
                Type = [new Coding(SourceTypes, "4", "Application Server")],
            },
        };
        if (record is { } about)
        {
            var reference = patients.ReferenceTo(about.Key);
            resource.Entity.Add(Entity(EntityTypes, "1", "Person", "1", "Patient", reference));
            if (kind != Kind.Query) resource.Entity.Add(Entity(EntityTypes, "2", "System Object", "4", "Domain Resource", patients.ReferenceTo(about.Key)));
        }
        // BALP's PatientDelete holds the patient and the resource deleted, nothing else.
        if (kind != Kind.Delete)
            foreach (var person in e.Persons)
                resource.Entity.Add(Entity(EntityTypes, "2", "System Object", "4", "Domain Resource", new ResourceReference("Person/" + person)));
        if (kind == Kind.Query || (record is null && e.Query is not null))
            resource.Entity.Add(new FhirAuditEvent.EntityComponent
            {
                Type = new Coding(EntityTypes, "2", "System Object"),
                Role = new Coding(ObjectRoles, "24", "Query"),
                Description = e.Operation,
                Query = Encoding.UTF8.GetBytes(e.Query ?? e.Operation),
            });
        if (e.RequestId is { } requestId && kind != Kind.Delete)
            resource.Entity.Add(new FhirAuditEvent.EntityComponent
            {
                Type = new Coding(BalpEntityTypes, "XrequestId", "X-Request-Id"),
                What = new ResourceReference { Identifier = new Identifier { Value = requestId } },
            });
        return resource;
    }

    private enum Kind { Query, Read, Create, Update, Delete }

    private static Kind KindOf(AccessAction action) => action switch
    {
        AccessAction.Query => Kind.Query,
        AccessAction.Read => Kind.Read,
        AccessAction.Create or AccessAction.JobSubmit => Kind.Create,
        AccessAction.Delete => Kind.Delete,
        _ => Kind.Update,
    };

    private static string? ProfileOf(Kind kind, bool patient) => (kind, patient) switch
    {
        (Kind.Query, true) => Balp + "IHE.BasicAudit.PatientQuery",
        (Kind.Query, false) => Balp + "IHE.BasicAudit.Query",
        (Kind.Read, true) => Balp + "IHE.BasicAudit.PatientRead",
        (Kind.Create, true) => Balp + "IHE.BasicAudit.PatientCreate",
        (Kind.Update, true) => Balp + "IHE.BasicAudit.PatientUpdate",
        (Kind.Delete, true) => Balp + "IHE.BasicAudit.PatientDelete",
        _ => null,
    };

    private static string InteractionOf(Kind kind) => kind switch
    {
        Kind.Query => "search-type",
        Kind.Read => "read",
        Kind.Create => "create",
        Kind.Delete => "delete",
        _ => "update",
    };

    /// <summary>The user, the client that sent the request, and this server; as BALP types them for the kind of access.</summary>
    private static List<FhirAuditEvent.AgentComponent> Agents(AccessEvent e, Kind kind, string baseUrl)
    {
        var (userType, userDisplay) = kind is Kind.Query or Kind.Read ? ("IRCP", "information recipient") : ("AUT", "author");
        var user = new FhirAuditEvent.AgentComponent
        {
            Type = new CodeableConcept(Participation, userType, userDisplay),
            Who = new ResourceReference { Identifier = new Identifier(UserSystem, e.Actor), Display = e.ActorName ?? e.Actor },
            Name = e.ActorName ?? e.Actor,
            Requestor = true,
        };
        var client = new FhirAuditEvent.AgentComponent
        {
            Type = kind == Kind.Delete ? new CodeableConcept(Dicom, "110150", "Application") : new CodeableConcept(Dicom, "110153", "Source Role ID"),
            Who = e.Client is { } clientId
                ? new ResourceReference { Identifier = new Identifier(ClientSystem, clientId), Display = clientId }
                : new ResourceReference { Display = e.ClientAddress ?? "client not identified" },
            Requestor = false,
            Network = HostOf(e.ClientAddress) is { } host
                ? new FhirAuditEvent.NetworkComponent { Address = host, Type = FhirAuditEvent.AuditEventAgentNetworkType.N2 }
                : null,
        };
        var server = new FhirAuditEvent.AgentComponent
        {
            Type = kind == Kind.Delete ? new CodeableConcept(Provenance, "custodian", "Custodian") : new CodeableConcept(Dicom, "110152", "Destination Role ID"),
            Who = new ResourceReference { Display = "PatientIndex" },
            Requestor = false,
            Network = new FhirAuditEvent.NetworkComponent { Address = baseUrl, Type = FhirAuditEvent.AuditEventAgentNetworkType.N5 },
        };
        return [user, client, server];
    }

    private static FhirAuditEvent.EntityComponent Entity(string typeSystem, string type, string typeDisplay, string role, string roleDisplay, ResourceReference what) =>
        new() { Type = new Coding(typeSystem, type, typeDisplay), Role = new Coding(ObjectRoles, role, roleDisplay), What = what };

    /// <summary>The host of host:port (an IPv6 address keeps its colons).</summary>
    private static string? HostOf(string? address) =>
        address is null ? null : address.LastIndexOf(':') is > 0 and var colon ? address[..colon] : address;

    /// <summary>The action as its stored code (steward_merge), readable in the subtype.</summary>
    public static string Code(AccessAction action) =>
        string.Concat(action.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
