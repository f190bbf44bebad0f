using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Task = System.Threading.Tasks.Task;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;
using PatientIndex.Server.Security;
using PatientIndex.Server.Stewardship;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The identity feed (IHE PIXm ITI-104): Patients created, updated or withdrawn by their source
/// systems, each run through match-and-link. A change is first prepared (mapped and checked, so a
/// rejected request writes nothing), then applied. POST only creates: a record already held is a 409
/// (its update is a PUT), unless <c>If-None-Exist</c> names it, when the answer is that record, unchanged.
/// A Patient may carry its source's merge (see <see cref="MergesOf"/>): the record is written first,
/// then the merge runs through the steward desk's machinery, on the single writer.
/// </summary>
internal sealed class IdentityFeed(IdentityService identities, FhirPatients patients, StoredPatients stored, StewardWorkflow stewardship)
{
    public const string IfNoneExist = "If-None-Exist";

    /// <summary>
    /// <c>POST Patient</c>: the record is named by the Patient's identifier in a source system.
    /// <paramref name="ifNoneExist"/> is the conditional create's search, reported as <paramref name="conditionAt"/>.
    /// </summary>
    public FeedChange Create(Caller caller, Patient patient, string? ifNoneExist = null, string conditionAt = IfNoneExist)
    {
        var key = patients.KeyOf(patient);
        EnsureMayWrite(caller, key, "Patient.identifier");
        var condition = ifNoneExist is null ? null : IdentifierCondition.Parse(ifNoneExist, patients, conditionAt);
        return new FeedChange(key, patients.ToRecord(patient, key)) { CreateOnly = true, Condition = condition, Merges = MergesOf(patient, key) };
    }

    /// <summary><c>PUT Patient?identifier=system|value</c> or <c>PUT Patient/id</c>: the record is named by the URL.</summary>
    public FeedChange Update(Caller caller, Patient patient, RecordKey key, bool idRequired)
    {
        EnsureMayWrite(caller, key, "Patient.identifier");
        var id = PatientIds.Of(key);
        if (idRequired ? patient.Id != id : patient.Id is not null && patient.Id != id)
            throw FhirException.Invalid("Patient.id", $"the Patient's id must be {id}, the id in the URL");
        var system = patients.Systems.SystemOf(key.Source);
        if (patient.Identifier.FirstOrDefault(i => i.System == system) is { } own && own.Value?.Trim() != key.RecordId)
            throw FhirException.Invalid("Patient.identifier", $"the Patient's {system} identifier is {own.Value}, not {key.RecordId} as in the URL");
        return new FeedChange(key, patients.ToRecord(patient, key)) { Merges = MergesOf(patient, key) };
    }

    public static FeedChange Withdraw(Caller caller, RecordKey key)
    {
        EnsureMayWrite(caller, key, "Patient.identifier");
        return new(key, null);
    }

    /// <summary>A source writes only its own records (its merges are of its own records too); another's is a 403.</summary>
    private static void EnsureMayWrite(Caller caller, RecordKey key, string expression)
    {
        try { caller.EnsureMayWrite(key.Source); }
        catch (AccessDeniedException e) { throw FhirException.Forbidden(expression, $"Patient/{PatientIds.Of(key)}: {e.Message}"); }
    }

    /// <summary>The record a conditional URL's <c>identifier=system|value</c> names.</summary>
    public RecordKey KeyOf(string? identifier) => patients.KeyOf(identifier, "Patient.identifier");

    /// <summary>True when the store holds the record.</summary>
    public async Task<bool> HeldAsync(RecordKey key, CancellationToken cancellationToken) =>
        await identities.FindRecordAsync(key, cancellationToken) is not null;

    /// <summary>
    /// Answers when the change is written. A change that does not read first (<see cref="FeedChange.ReadsFirst"/>)
    /// is queued before this returns, so the link queue keeps the order of calls.
    /// </summary>
    public async Task<FhirResult> ApplyAsync(FeedChange change, string baseUrl, CancellationToken cancellationToken)
    {
        AuditScope.Current?.Asks(records: [change.Key]);
        if (change.Record is null) return await WithdrawAsync(change.Key, cancellationToken);
        if (change.Condition is { } condition && await ExistingAsync(condition, baseUrl, cancellationToken) is { } existing) return existing;
        foreach (var merge in change.Merges)
        {
            if (!await HeldAsync(merge.OtherThan(change.Key), cancellationToken)) throw Unknown(merge, change.Key);
            // Checked again on the writer; here so that the common refusal writes nothing.
            if (await identities.AssertedApartAsync(merge.Replaced, merge.Survivor, cancellationToken) is [_, ..] apart)
                throw Refused(merge, $"a steward asserted it is a different person from {string.Join(", ", apart.Select(k => "Patient/" + PatientIds.Of(k)))}, "
                    + "and a source does not override a steward");
        }
        LinkResult result;
        // The answer is the Patient stored, never the candidates weighed: none is disclosed.
        if (!change.CreateOnly) result = await identities.LinkAsync(change.Record, candidatesAnswered: 0, cancellationToken);
        else
        {
            try { result = await identities.CreateAsync(change.Record, candidatesAnswered: 0, cancellationToken); }
            catch (RecordExistsException)
            {
                // Created since the condition was searched, perhaps by a resent request: the answer that request had.
                if (change.Condition is { } again && await ExistingAsync(again, baseUrl, cancellationToken) is { } meanwhile) return meanwhile;
                throw Exists(change.Key);
            }
        }
        foreach (var merge in change.Merges) await MergeAsync(merge, change.Key, cancellationToken);
        var patient = await stored.ReadAsync(change.Key, cancellationToken) ?? throw FhirException.NotFound($"Patient/{PatientIds.Of(change.Key)}");
        var created = result.Change?.Events.Any(e => e.Kind == LinkEventKind.RecordLinked) ?? false;
        return new FhirResult(patient, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, $"{baseUrl}/Patient/{patient.Id}")
        {
            Warnings = FhirPatients.WarningsOf(result.Warnings),
        };
    }

    public FhirException Exists(RecordKey key)
    {
        var id = PatientIds.Of(key);
        return FhirException.Conflict("Patient.identifier", $"Patient/{id} ({patients.Systems.SystemOf(key.Source)}|{key.RecordId}) already exists: "
            + $"POST creates a Patient and never replaces one; update it with PUT Patient/{id}");
    }

    /// <summary>The one record a conditional create's search matches, as its answer; null when none does.</summary>
    private async Task<FhirResult?> ExistingAsync(IdentifierCondition condition, string baseUrl, CancellationToken cancellationToken)
    {
        var matches = await condition.MatchesAsync(identities, cancellationToken);
        if (matches.Count > 1)
            throw new FhirException(StatusCodes.Status412PreconditionFailed, OperationOutcome.IssueType.MultipleMatches,
                $"{condition.Expression} matches {matches.Count} Patients ({string.Join(", ", matches.Select(m => "Patient/" + PatientIds.Of(m.Key)))}): nothing was created",
                condition.Expression);
        if (matches.Count == 0) return null;
        var patient = await stored.ToPatientAsync(matches[0], cancellationToken);
        // Nothing is written: the answer is a search's, and is audited as one.
        if (AuditScope.Current is { } audit)
            audit.Add(audit.Event(AccessAction.Query, AccessOutcome.Success, returned: [matches[0].Key], persons: [matches[0].Link.PersonId],
                query: $"{condition.Expression}: identifier={string.Join(",", condition.AllOf.SelectMany(k => k))}"));
        return new FhirResult(patient, StatusCodes.Status200OK, $"{baseUrl}/Patient/{patient.Id}");
    }

    /// <summary>
    /// Its source's merge, as ITI-104 sends it: the duplicate <c>active: false</c> with a <c>replaced-by</c>
    /// link to the survivor, or the survivor with a <c>replaces</c> link to each duplicate, by
    /// <c>Patient/{id}</c> or identifier, all records of the one source. An inactive Patient that names no
    /// survivor is refused rather than kept as if active: withdrawing a record is a DELETE.
    /// </summary>
    private List<SourceMergeLink> MergesOf(Patient patient, RecordKey key)
    {
        var merges = new List<SourceMergeLink>();
        for (var i = 0; i < patient.Link.Count; i++)
        {
            var (link, at) = (patient.Link[i], $"Patient.link[{i}]");
            var replaces = link.Type switch
            {
                Patient.LinkType.ReplacedBy => false,
                Patient.LinkType.Replaces => true,
                _ => throw FhirException.Unprocessable(at + ".type",
                    $"a link of type {link.Type?.GetLiteral() ?? "none"} is not kept: only its source's merge (replaced-by, replaces) is"),
            };
            var other = patients.KeyOf(link.Other ?? new ResourceReference(), at + ".other");
            if (other == key) throw FhirException.Unprocessable(at + ".other", "a Patient cannot replace itself");
            if (other.Source != key.Source)
                throw FhirException.Unprocessable(at + ".other",
                    $"a source merges only its own records: Patient/{PatientIds.Of(other)} is a record of {other.Source}, not of {key.Source}");
            merges.Add(replaces ? new SourceMergeLink(other, key, at + ".other") : new SourceMergeLink(key, other, at + ".other"));
        }
        var replacedBy = merges.Count(m => m.Replaced == key);
        if (replacedBy > 1) throw FhirException.Unprocessable("Patient.link", "a Patient is replaced by one Patient, not several");
        if (replacedBy == 1 && merges.Count > 1)
            throw FhirException.Unprocessable("Patient.link", "a Patient replaced by another replaces none: link each duplicate to the survivor");
        if (replacedBy == 1 && patient.Active != false)
            throw FhirException.Unprocessable("Patient.active", "a Patient replaced by another is inactive: send active: false with its replaced-by link");
        if (replacedBy == 0 && patient.Active == false)
            throw FhirException.Unprocessable("Patient.active",
                "only a Patient its source merged into another is kept inactive: link it replaced-by the surviving Patient, or withdraw it with DELETE");
        return merges;
    }

    public FhirException Unknown(SourceMergeLink merge, RecordKey key) => FhirException.Unprocessable(merge.At,
        $"Patient/{PatientIds.Of(merge.OtherThan(key))} is not held, so Patient/{PatientIds.Of(merge.Replaced)} cannot be merged into "
        + $"Patient/{PatientIds.Of(merge.Survivor)}");

    private async Task MergeAsync(SourceMergeLink merge, RecordKey key, CancellationToken cancellationToken)
    {
        try { await stewardship.MergeSourceRecordsAsync(merge.Replaced, merge.Survivor, cancellationToken); }
        catch (StewardshipException e) when (e.Error == StewardshipError.NotFound) { throw Unknown(merge, key); }
        catch (StewardshipException e) { throw Refused(merge, "the Patient was written, but not merged: " + e.Message); }
    }

    private static FhirException Refused(SourceMergeLink merge, string why) => new(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict,
        $"Patient/{PatientIds.Of(merge.Replaced)} is not merged into Patient/{PatientIds.Of(merge.Survivor)}: {why}", merge.At);

    private async Task<FhirResult> WithdrawAsync(RecordKey key, CancellationToken cancellationToken)
    {
        var removed = await identities.RemoveAsync(key, cancellationToken) ?? throw FhirException.NotFound($"Patient/{PatientIds.Of(key)}");
        var retired = removed.PersonRetired ? $"; Person/{removed.PersonId} has no records left and is retired" : "";
        return new FhirResult(Outcomes.Information($"Patient/{PatientIds.Of(key)} withdrawn from Person/{removed.PersonId}{retired}"));
    }
}

/// <summary>A prepared feed change: the record to link, or null to withdraw the record.</summary>
internal sealed record FeedChange(RecordKey Key, SourceRecord? Record)
{
    /// <summary>POST: the record must be new.</summary>
    public bool CreateOnly { get; init; }

    /// <summary>A conditional create's search: when it matches one record, that is the answer and nothing is written.</summary>
    public IdentifierCondition? Condition { get; init; }

    /// <summary>Its source's merges the Patient carries, made once the record is written.</summary>
    public IReadOnlyList<SourceMergeLink> Merges { get; init; } = [];

    /// <summary>The change reads the store before it is queued, so in a Bundle it waits for the entries before it.</summary>
    public bool ReadsFirst => Condition is not null || Merges.Count > 0;
}

/// <summary>A source's merge a Patient's link asks for: the duplicate, the survivor, and the link's element.</summary>
internal sealed record SourceMergeLink(RecordKey Replaced, RecordKey Survivor, string At)
{
    public RecordKey OtherThan(RecordKey key) => key == Replaced ? Survivor : Replaced;
}
