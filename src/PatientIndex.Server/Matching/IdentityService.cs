using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The one application service behind every edge (gRPC, FHIR): writes go through the single-writer
/// link queue, searches through the linker once the index is built, reads to the store. The edges
/// only validate and map.
/// </summary>
public sealed class IdentityService(LinkQueue queue, PersonLinker linker, IPatientIndexStore store, TodaysNormaliser normaliser,
    IndexLoader loader, Linker linkage)
{
    public DateOnly Today => normaliser.Today;

    public DecisionPolicy Decisions => linkage.Settings.Decisions;

    /// <summary>
    /// Links the record as bulk linkage would: a field that cannot be used is left out of matching and
    /// named in the answer's warnings. The answer keeps the <paramref name="candidatesAnswered"/> strongest
    /// candidates, those the caller is shown (and the audit trail says were disclosed).
    /// </summary>
    public Task<LinkResult> LinkAsync(SourceRecord record, int candidatesAnswered, CancellationToken cancellationToken) =>
        LinkAsync(record, createOnly: false, candidatesAnswered, cancellationToken);

    /// <summary>Links a record that must be new: <see cref="RecordExistsException"/>, with nothing written, when it is already held.</summary>
    public Task<LinkResult> CreateAsync(SourceRecord record, int candidatesAnswered, CancellationToken cancellationToken) =>
        LinkAsync(record, createOnly: true, candidatesAnswered, cancellationToken);

    private async Task<LinkResult> LinkAsync(SourceRecord record, bool createOnly, int candidatesAnswered, CancellationToken cancellationToken)
    {
        var warnings = new List<FieldProblem>();
        var result = await queue.LinkAsync(record, normaliser.Normalise(record, warnings), createOnly, candidatesAnswered, cancellationToken);
        return warnings.Count == 0 ? result : result with { Warnings = warnings };
    }

    /// <summary>Search only: the strongest candidates for a record or partial demographics, and the fields left out of the search. Writes nothing.</summary>
    public async Task<(IReadOnlyList<ExplainedCandidate> Candidates, IReadOnlyList<FieldProblem> Warnings)> MatchAsync(SourceRecord query, int count,
        CancellationToken cancellationToken)
    {
        await loader.Ready.WaitAsync(cancellationToken);
        var warnings = new List<FieldProblem>();
        var normalised = normaliser.Normalise(query, warnings);
        return (linker.Match(normalised, count), warnings);
    }

    public Task<StoredRecord?> FindRecordAsync(RecordKey key, CancellationToken cancellationToken) =>
        store.FindRecordAsync(key, cancellationToken);

    public Task<Person?> FindPersonAsync(string personId, CancellationToken cancellationToken) =>
        store.FindPersonAsync(personId, cancellationToken);

    /// <summary>The person a record belongs to, with all its records (the cross-reference), or null when the record is unknown.</summary>
    public async Task<Person?> PersonOfAsync(RecordKey key, CancellationToken cancellationToken)
    {
        var record = await store.FindRecordAsync(key, cancellationToken);
        return record is null ? null : await store.FindPersonAsync(record.Link.PersonId, cancellationToken);
    }

    /// <summary>The records of the survivor's person that a steward asserted are different persons from the record.</summary>
    public async Task<IReadOnlyList<RecordKey>> AssertedApartAsync(RecordKey record, RecordKey survivor, CancellationToken cancellationToken) =>
        (await PersonOfAsync(survivor, cancellationToken))?.Records.Select(r => r.Key).Where(k => linker.Assertions.Apart(record, k)).ToList() ?? [];

    /// <summary>
    /// The record its source merged this one into, while the two share a person (a steward's undo or
    /// unlink parts them), and the records its source merged into this one.
    /// </summary>
    public async Task<SourceMerges> SourceMergesOfAsync(StoredRecord stored, CancellationToken cancellationToken)
    {
        // A merged record is confirmed where the merge put it and stays so while it stays there: the others need no reading.
        var replacedBy = stored.Link.Confirmed ? SourceMerge.LastSurvivor(await store.EventsOfRecordAsync(stored.Key, cancellationToken)) : null;
        if (replacedBy is { } survivor && (await store.FindRecordAsync(survivor, cancellationToken))?.Link.PersonId != stored.Link.PersonId) replacedBy = null;
        var replaces = new List<RecordKey>();
        var person = await store.FindPersonAsync(stored.Link.PersonId, cancellationToken);
        foreach (var other in person?.Records ?? [])
            if (other.Key.Source == stored.Key.Source && other.Key != stored.Key && other.Link.Confirmed
                && SourceMerge.LastSurvivor(await store.EventsOfRecordAsync(other.Key, cancellationToken)) == stored.Key)
                replaces.Add(other.Key);
        return new SourceMerges(replacedBy, replaces);
    }

    /// <summary>The person the record left, or null when no such record is held.</summary>
    public Task<RemovedRecord?> RemoveAsync(RecordKey key, CancellationToken cancellationToken) =>
        queue.RemoveAsync(key, cancellationToken);
}
