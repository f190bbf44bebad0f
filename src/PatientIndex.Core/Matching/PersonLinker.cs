using PatientIndex.Core.Clustering;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>
/// Match-and-link of one source record against the candidate index: decides the person it belongs
/// to, updates the index, and returns the membership change for the store to write. One writer at
/// a time (the caller serialises <see cref="Link"/> and <see cref="Remove"/>); <see cref="Match"/>
/// may run alongside.
/// </summary>
/// <remarks>
/// Safety rules: a record joins a person only when exactly one person matches at link level with
/// no contradiction against any of its records; matching two persons opens a review task instead of
/// merging them; a steward-confirmed record never moves by itself; a person holding a record a
/// steward asserted to be a different person is never a candidate person at all.
/// </remarks>
public sealed partial class PersonLinker(CandidateIndex index, IMatchScorer scorer, MatchingSettings settings, TimeProvider clock, Func<string> newId,
    DifferentPersons? assertions = null)
{
    private readonly DifferentPersons _assertions = assertions ?? new DifferentPersons();

    private const string DuplicatePersons = "matches more than one person (possible duplicate persons)";
    private const string ConfirmedElsewhere = "steward-confirmed record also matches another person";

    public CandidateIndex Index => index;
    public IMatchScorer Scorer => scorer;
    public DifferentPersons Assertions => _assertions;

    /// <summary>Search only: the strongest candidates for a record or partial demographics. Writes nothing.</summary>
    public IReadOnlyList<ExplainedCandidate> Match(NormalisedRecord query, int count)
    {
        index.Stamp(query);
        return Explain(Score(query, exclude: null), count);
    }

    public LinkResult Link(SourceRecord record, NormalisedRecord normalised, string actor)
    {
        var key = new RecordKey(record.Source, record.RecordId);
        var fingerprint = RecordFingerprint.Of(record);
        var existing = index.Find(key);
        index.Stamp(normalised, key);
        var scored = Score(normalised, key);
        var candidates = Explain(scored, settings.CandidatesReturned);
        if (existing is not null && existing.Fingerprint == fingerprint)
        {
            var link = existing.Link;
            return new LinkResult(key, link.PersonId, link.Outcome, link.Probability, link.ReviewTaskId, candidates, Change: null);
        }

        var placement = Place(existing, Summarise(normalised, scored, key), existing?.Link.Confirmed ?? false, normalised, key);
        return Apply(record, normalised, existing, placement, candidates, fingerprint, existing?.Link.Confirmed ?? false, actor);
    }

    /// <summary>
    /// A steward took the record out of its person: match it again as if unconfirmed. The persons the
    /// steward asserted it apart from are no candidates, so it does not go straight back.
    /// </summary>
    public LinkResult Rematch(SourceRecord record, string actor, string why)
    {
        var key = new RecordKey(record.Source, record.RecordId);
        var existing = index.Find(key) ?? throw new InvalidOperationException($"{key} is not in the index");
        var scored = Score(existing.Normalised, key);
        var candidates = Explain(scored, settings.CandidatesReturned);
        var placement = Place(existing, Summarise(existing.Normalised, scored, key), honourConfirmation: false, existing.Normalised, key);
        placement = placement with { Reason = $"{why}; re-matched: {placement.Reason}" };
        return Apply(record, existing.Normalised, existing, placement, candidates, existing.Fingerprint, confirmed: false, actor);
    }

    /// <summary>Two indexed records compared and scored, with the evidence per field; null when either is not indexed.</summary>
    public ExplainedCandidate? Explain(RecordKey record, RecordKey candidate)
    {
        if (index.Find(record) is not { } left || index.Find(candidate) is not { } right) return null;
        var vector = PairComparer.Compare(left.Normalised, right.Normalised);
        var contributions = new float[ComparisonSchema.Count];
        var probability = scorer.Score(vector, contributions);
        return new ExplainedCandidate(candidate, right.PersonId, probability, vector, contributions);
    }

    private LinkResult Apply(SourceRecord record, NormalisedRecord normalised, IndexedRecord? existing, Placement placement,
        List<ExplainedCandidate> candidates, ulong fingerprint, bool confirmed, string actor)
    {
        var key = new RecordKey(record.Source, record.RecordId);
        var now = clock.GetUtcNow();
        var change = new MembershipChange();
        var personId = placement.PersonId ?? newId();
        if (placement.PersonId is null) change.NewPersons.Add(new NewPerson(personId, now));
        foreach (var created in placement.CreatedPersons) change.NewPersons.Add(new NewPerson(created, now));
        var task = placement.ReviewWith.Count == 0 ? null : OpenReview(change, key, personId, placement, now);
        var newLink = new Link(personId, placement.Outcome, placement.Probability, scorer.Name, confirmed, task?.TaskId, now);
        change.SavedRecords.Add(new StoredRecord(record, newLink));
        change.Events.Add(EventFor(key, existing, newLink, placement.Reason, actor));
        if (existing is not null && existing.PersonId != personId && index.MembersOf(existing.PersonId).Count == 1 + placement.Moves.Count(m => m.Record.PersonId == existing.PersonId))
            change.RetiredPersons.Add(existing.PersonId);
        ApplyMoves(change, placement, existing, key, now, actor);

        index.Add(new IndexedRecord(key, normalised, newLink, fingerprint));
        return new LinkResult(key, personId, placement.Outcome, placement.Probability, task?.TaskId, candidates, change);
    }

    /// <summary>A record withdrawn by its source, or null when the index does not hold it.</summary>
    public MembershipChange? Remove(RecordKey key, string actor)
    {
        if (index.Find(key) is not { } existing) return null;
        var change = new MembershipChange();
        change.RemovedRecords.Add(key);
        change.Events.Add(new LinkEvent(0, clock.GetUtcNow(), LinkEventKind.RecordRemoved, key, existing.PersonId, null,
            "withdrawn by the source", null, null, actor));
        if (index.MembersOf(existing.PersonId).Count == 1) change.RetiredPersons.Add(existing.PersonId);
        index.Remove(key);
        return change;
    }

    /// <summary>Puts the index back to what the store holds for a record, after a write that failed.</summary>
    public void Restore(RecordKey key, StoredRecord? stored, NormalisedRecord? normalised)
    {
        if (stored is null || normalised is null) { index.Remove(key); return; }
        index.Add(new IndexedRecord(key, normalised, stored.Link, RecordFingerprint.Of(stored.Record)));
    }

    /// <summary>
    /// Candidates from every rule, as bulk linkage finds them: the rules that look for the same person,
    /// and the loose ones (birth date alone, a name in a town…), which the index searches by pieces once
    /// they grow past bulk linkage's budget, so their cost stays bounded as the index grows.
    /// </summary>
    private List<ScoredCandidate> Score(NormalisedRecord query, RecordKey? exclude)
    {
        var found = new List<IndexedRecord>();
        var scored = new List<ScoredCandidate>();
        index.FindCandidates(query, exclude, found);
        index.FindCandidates(query, exclude, found, loose: true, fresh: false);
        ScoreInto(query, found, scored);
        scored.Sort((a, b) => b.Probability.CompareTo(a.Probability));
        return scored;
    }

    /// <summary>
    /// Each candidate compared and scored; as in bulk linkage, one whose upper bound falls short of review is
    /// dismissed with that bound, unscored (most loose-rule candidates are), since no decision can raise it.
    /// One scored in full is explained as it is scored: the trees walked once give both, and the strongest are
    /// shown with their reasons.
    /// </summary>
    private void ScoreInto(NormalisedRecord query, List<IndexedRecord> found, List<ScoredCandidate> scored)
    {
        var review = settings.Decisions.ReviewThreshold;
        foreach (var candidate in found)
        {
            var vector = PairComparer.Compare(query, candidate.Normalised);
            var bound = scorer.UpperBound(vector);
            if (bound < review)
            {
                scored.Add(new ScoredCandidate(candidate, vector, bound, settings.Decisions.Decide(bound)));
                continue;
            }
            var contributions = new float[ComparisonSchema.Count];
            var probability = scorer.Score(vector, contributions);
            scored.Add(new ScoredCandidate(candidate, vector, probability, settings.Decisions.Decide(probability), contributions));
        }
    }

    private List<ExplainedCandidate> Explain(List<ScoredCandidate> scored, int count)
    {
        var explained = new List<ExplainedCandidate>(Math.Min(count, scored.Count));
        foreach (var candidate in scored.Take(count))
        {
            if (candidate.Contributions is { } reasons)
            {
                explained.Add(new ExplainedCandidate(candidate.Record.Key, candidate.PersonId, candidate.Probability, candidate.Comparison, reasons));
                continue;
            }
            var contributions = new float[ComparisonSchema.Count];
            // Scored in full here: a candidate dismissed by its bound carries only the bound.
            var probability = scorer.Score(candidate.Comparison, contributions);
            explained.Add(new ExplainedCandidate(candidate.Record.Key, candidate.PersonId, probability, candidate.Comparison, contributions));
        }
        return explained;
    }

    /// <summary>The strongest candidate of each person that earned at least a review, and any contradiction with that person.</summary>
    private List<PersonSummary> Summarise(NormalisedRecord query, List<ScoredCandidate> scored, RecordKey self)
    {
        var persons = new List<PersonSummary>();
        foreach (var candidate in scored)
        {
            if (candidate.Decision == Decision.NoMatch) break; // sorted: the rest are weaker
            if (persons.Exists(p => p.PersonId == candidate.PersonId)) continue;
            if (AssertedApart(self, candidate.PersonId)) continue;
            var refusal = candidate.Decision == Decision.Link ? ContradictionWith(query, candidate.PersonId, self) : null;
            persons.Add(new PersonSummary(candidate.PersonId, candidate, refusal));
        }
        return persons;
    }

    private bool AssertedApart(RecordKey self, string personId)
    {
        if (!_assertions.Involves(self)) return false;
        foreach (var member in index.MembersOf(personId))
            if (_assertions.Apart(self, member.Key)) return true;
        return false;
    }

    private string? ContradictionWith(NormalisedRecord query, string personId, RecordKey self)
    {
        foreach (var member in index.MembersOf(personId))
            if (member.Key != self && Contradiction.Between(query, member.Normalised, WouldLink) is { } reason) return reason;
        return null;
    }

    private bool WouldLink(ComparisonVector vector) =>
        Contradiction.Overcome(scorer.Score(vector, []));

    private Placement Place(IndexedRecord? existing, List<PersonSummary> persons, bool honourConfirmation, NormalisedRecord query, RecordKey self)
    {
        var current = existing?.PersonId;
        // A record alone in its person keeps that person when it stands alone; otherwise it gets a new one.
        var own = existing is not null && index.MembersOf(existing.PersonId).Count == 1 ? current : null;
        var linkable = persons.Where(p => p.Linkable).ToList();
        var doubtful = persons.Where(p => p.Doubtful).ToList();
        var best = persons.Count > 0 ? persons[0].Best.Probability : 0;

        if (honourConfirmation && existing is not null)
        {
            var elsewhere = persons.Where(p => p.PersonId != current && (p.Linkable || p.Doubtful)).ToList();
            return elsewhere.Count == 0
                ? new Placement(current, existing.Link.Outcome, existing.Link.Probability, "data changed; steward-confirmed membership kept", [])
                : new Placement(current, LinkOutcome.Review, elsewhere[0].Best.Probability, ConfirmedElsewhere, elsewhere);
        }
        if (linkable.Count == 1)
        {
            var target = linkable[0];
            return new Placement(target.PersonId, LinkOutcome.Linked, target.Best.Probability,
                $"linked to {target.Best.Record.Key} with probability {target.Best.Probability:0.0000}", []);
        }
        var reached = persons.Count(p => p.Best.Decision == Decision.Link);
        if ((reached > 1 || persons.Exists(p => p.Best.Decision == Decision.Link && p.Refusal is not null)) && Recluster(persons, existing, query, self) is { } rebuilt)
            return rebuilt;
        if (linkable.Count > 1)
        {
            var stay = current is not null && linkable.Exists(p => p.PersonId == current) ? current : own;
            return new Placement(stay, LinkOutcome.Review, linkable[0].Best.Probability, DuplicatePersons, linkable);
        }
        if (doubtful.Count > 0)
        {
            var reason = doubtful[0].Refusal is { } refusal ? "link refused: " + refusal : ReviewReason.Of(doubtful[0].Best.Comparison);
            return new Placement(own, LinkOutcome.Review, doubtful[0].Best.Probability, reason, doubtful);
        }
        return new Placement(own, LinkOutcome.NewPerson, best, "no person matched", []);
    }

    private ReviewTask OpenReview(MembershipChange change, RecordKey key, string personId, Placement placement, DateTimeOffset now)
    {
        var candidates = placement.ReviewWith
            .Select(p => new ReviewCandidate(p.Best.Record.Key, p.PersonId, p.Best.Probability)).ToList();
        var task = new ReviewTask(newId(), now, key, personId, placement.Reason, placement.Probability, candidates);
        change.OpenedReviewTasks.Add(task);
        return task;
    }

    private static LinkEvent EventFor(RecordKey key, IndexedRecord? existing, Link link, string reason, string actor)
    {
        var kind = existing is null ? LinkEventKind.RecordLinked
            : existing.PersonId == link.PersonId ? LinkEventKind.RecordUpdated
            : LinkEventKind.RecordMoved;
        return new LinkEvent(0, link.LinkedAt, kind, key, existing?.PersonId, link.PersonId, reason, link.Model, link.Probability, actor);
    }

    /// <param name="PersonId">The person the record goes to; null for a new person.</param>
    /// <param name="Moves">Other records whose person changes with this decision (a rebuilt neighbourhood).</param>
    /// <param name="CreatedPersons">Persons this decision creates besides a null <paramref name="PersonId"/>'s.</param>
    private sealed record Placement(string? PersonId, LinkOutcome Outcome, double Probability, string Reason, List<PersonSummary> ReviewWith,
        List<Move>? Moves = null, List<string>? CreatedPersons = null)
    {
        public List<Move> Moves { get; } = Moves ?? [];
        public List<string> CreatedPersons { get; } = CreatedPersons ?? [];
    }

    private sealed record Move(IndexedRecord Record, string ToPersonId);
}
