using PatientIndex.Core.Blocking;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>
/// The engine as the server wires it, over one store: a candidate index, the linker with the
/// shipped model, and the steward desk. <see cref="LinkAsync"/> is match-and-link as the link queue does it.
/// </summary>
public sealed class StewardBench
{
    private static readonly IMatchScorer Model = FellegiSunterParameters.FromJson(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "models", "match-v3", "fellegi-sunter.json")));
    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2025, 6, 1));

    public StewardBench(IPatientIndexStore store, Func<string>? newId = null)
    {
        Store = store;
        var settings = new MatchingSettings { Decisions = new Core.Linkage.DecisionPolicy(0.99, 0.5) };
        Linker = new PersonLinker(new CandidateIndex(BlockingRules.Default, settings.Index), Model, settings, TimeProvider.System,
            newId ?? StoreIds.New, new DifferentPersons());
        Desk = new StewardDesk(store, Linker, TimeProvider.System, newId ?? StoreIds.New);
    }

    public IPatientIndexStore Store { get; }
    public PersonLinker Linker { get; }
    public StewardDesk Desk { get; }

    public async Task<LinkResult> LinkAsync(SourceRecord record)
    {
        var result = Linker.Link(record, Normaliser.Normalise(record), "match-and-link");
        if (result.Change is { } change) await Store.ApplyAsync([change]);
        return result;
    }

    public async Task RemoveAsync(RecordKey key)
    {
        if (Linker.Remove(key, "source") is { } change) await Store.ApplyAsync([change]);
    }

    public async Task<string> PersonOfAsync(string source, string recordId) =>
        (await Store.FindRecordAsync(new RecordKey(source, recordId)))!.Link.PersonId;

    /// <summary>Every invariant of membership, read back from the store (assertions from its decisions too).</summary>
    public async Task<List<string>> ViolationsAsync()
    {
        var records = new List<StoredRecord>();
        await foreach (var r in Store.ReadAllRecordsAsync()) records.Add(r);
        var persons = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var p in Store.ReadActivePersonIdsAsync()) persons.Add(p);
        var events = new List<LinkEvent>();
        await foreach (var e in Store.ReadEventsAsync()) events.Add(e);
        var stored = new DifferentPersons();
        stored.ApplyAll(await Store.ReadDecisionsAsync());
        var violations = MembershipInvariants.Violations(records, persons, stored, MembershipReplay.Of(events));
        violations.AddRange(records.Where(r => Linker.Index.Find(r.Key)?.PersonId != r.Link.PersonId).Select(r => $"the index has {r.Key} elsewhere"));
        return violations;
    }

    public static SourceRecord Patient(string source, string id, string given, string family, string dob, string? nhs = null, string postcode = "LS6 2AB") => new()
    {
        Source = source, RecordId = id, GivenName = given, FamilyName = family, Dob = dob, NhsNumber = nhs, Postcode = postcode, Sex = "F",
    };
}
