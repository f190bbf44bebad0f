using PatientIndex.Core.Blocking;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Stewardship;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// The one way records become persons, for both doors. <see cref="LinkAll"/> links whole extracts (bulk
/// <c>link</c>), <see cref="ForIndex"/> gives the linker that takes one record at a time (the service's
/// <c>Link</c>). Both use the same blocking rules and caps, scorer, decision policy and person-assignment
/// rule: links clustered strongest first, never across a contradiction (<see cref="Clustering.PersonClusterer"/>);
/// one at a time, the persons a record reaches are rebuilt by that same rule. Bulk batches and parallelises;
/// it decides as the service would.
/// </summary>
public sealed class Linker(LinkageSettings settings)
{
    public LinkageSettings Settings => settings;

    /// <param name="scorerFor">The scorer over the Fellegi–Sunter model EM learns from the records (the trees of a linkage model); FS alone when null.</param>
    public LinkageResult LinkAll(IReadOnlyList<NormalisedRecord> records, Func<FellegiSunterModel, IMatchScorer>? scorerFor = null,
        IProgress<string>? progress = null, Action<IReadOnlyList<ScoredPair>>? onDecided = null) =>
        new LinkageEngine(settings).Run(records, scorer: null, progress, scorerFor, onDecided);

    /// <summary>An empty candidate index with this linker's blocking rules and caps.</summary>
    /// <param name="names">Name counts to adjust common names by until the index holds enough of its own.</param>
    public CandidateIndex NewIndex(NameCounts? names = null) => new(BlockingRules.Default, settings.Blocking, names);

    /// <summary>The record-at-a-time linker over an index, deciding with <paramref name="scorer"/> by this linker's policy.</summary>
    public PersonLinker ForIndex(CandidateIndex index, IMatchScorer scorer, TimeProvider clock, Func<string> newId,
        DifferentPersons? assertions = null, int candidatesReturned = 5) =>
        new(index, scorer, new MatchingSettings { Decisions = settings.Decisions, Index = settings.Blocking, CandidatesReturned = candidatesReturned },
            clock, newId, assertions);
}
