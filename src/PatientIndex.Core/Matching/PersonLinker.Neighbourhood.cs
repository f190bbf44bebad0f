using PatientIndex.Core.Clustering;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

public sealed partial class PersonLinker
{
    /// <summary>A neighbourhood larger than this is not rebuilt (its pairs grow as its square): the record goes to review instead.</summary>
    private const int MaxNeighbourhood = 120;

    /// <summary>
    /// The record links to several persons, or to one whose records contradict it: the persons it reaches
    /// are built again from all their links, strongest first, as bulk linkage builds persons
    /// (<see cref="PersonClusterer"/>), so what a record ends up with does not turn on the order records
    /// arrived in. A person holding a steward-confirmed record is not rebuilt: it never changes by itself,
    /// and a link to it goes to review. Each rebuilt person keeps the id most of its records had; records
    /// whose person changes move as logged events, and a person taken whole into another is a logged merge
    /// that a steward can undo. Null when the neighbourhood is too large to rebuild.
    /// </summary>
    private Placement? Recluster(List<PersonSummary> persons, IndexedRecord? existing, NormalisedRecord query, RecordKey self)
    {
        var reached = persons.Where(p => p.Best.Decision == Decision.Link).ToList();
        var held = reached.Where(p => index.MembersOf(p.PersonId).Any(m => m.Link.Confirmed && m.Key != self)).ToList();
        var members = reached.Except(held).SelectMany(p => index.MembersOf(p.PersonId)).Where(m => m.Key != self).ToList();
        if (members.Count + 1 > MaxNeighbourhood) return null;

        // The record's own person counts for it only if that person is rebuilt here, or holds nothing else:
        // a record a steward just took out of a person must not take that person's id back with it.
        var ownPerson = existing is null ? null
            : members.Exists(m => m.PersonId == existing.PersonId) || index.MembersOf(existing.PersonId).Count == 1 ? existing.PersonId : null;
        var neighbourhood = new Neighbourhood(index, query, self, members, ownPerson);
        var (group, refusedWithRecord) = neighbourhood.Cluster(scorer, settings.Decisions, WouldLink, _assertions);
        var (ids, created) = neighbourhood.PersonIds(group, newId);
        var personId = ids[group[0]];
        var moves = new List<Move>();
        for (var i = 0; i < members.Count; i++)
            if (ids[group[i + 1]] != members[i].PersonId) moves.Add(new Move(members[i], ids[group[i + 1]]));

        var best = neighbourhood.StrongestLinkWithin(group);
        var why = best is { } b ? $"linked to {members[b.Member].Key} with probability {b.Probability:0.0000}" : "no person could take it";
        if (moves.Count > 0) why += $"; the persons it reaches were built again from their links, strongest first ({moves.Count} other record(s) moved)";
        var elsewhere = reached
            .Select(p => held.Contains(p) ? p : p with { PersonId = ids[group[1 + members.IndexOf(p.Best.Record)]] })
            .Where(p => p.PersonId != personId)
            .GroupBy(p => p.PersonId).Select(g => g.First()).ToList();
        var probability = best?.Probability ?? persons[0].Best.Probability;
        if (elsewhere.Count == 0)
            return new Placement(personId, best is null ? LinkOutcome.NewPerson : LinkOutcome.Linked, probability, why, [], moves, created);
        var refusal = refusedWithRecord ?? elsewhere.Select(p => p.Refusal).FirstOrDefault(r => r is not null);
        var reason = refusal is not null ? $"link refused: {refusal}; {why}" : $"{DuplicatePersons}: {why}";
        return new Placement(personId, LinkOutcome.Review, elsewhere[0].Best.Probability, reason, elsewhere, moves, created);
    }

    /// <summary>Applies a rebuilt neighbourhood's moves: each record's link replaced, a person left empty retired, a person taken whole into another logged as a merge.</summary>
    private void ApplyMoves(MembershipChange change, Placement placement, IndexedRecord? existing, RecordKey self, DateTimeOffset now, string actor)
    {
        var personId = placement.PersonId;
        foreach (var from in placement.Moves.GroupBy(m => m.Record.PersonId))
        {
            var selfStays = existing?.PersonId == from.Key && personId == from.Key;
            var staying = index.MembersOf(from.Key).Count(m => m.Key != self && !from.Any(f => f.Record.Key == m.Key));
            var emptied = staying == 0 && !selfStays;
            var into = from.Select(m => m.ToPersonId).Distinct().ToList();
            var mergeId = emptied && existing?.PersonId != from.Key && into.Count == 1 && !placement.CreatedPersons.Contains(into[0]) ? newId() : null;
            var reason = mergeId is null
                ? $"moved as the persons around {self} were built again: {placement.Reason}"
                : $"person {from.Key} merged into {into[0]} (merge {mergeId}) as {self} links them: {placement.Reason}";
            foreach (var move in from)
            {
                var link = move.Record.Link with { PersonId = move.ToPersonId, Model = scorer.Name, LinkedAt = now };
                change.RelinkedRecords.Add(new RelinkedRecord(move.Record.Key, link, from.Key));
                change.Events.Add(new LinkEvent(0, now, LinkEventKind.RecordMoved, move.Record.Key, from.Key, move.ToPersonId, reason, scorer.Name,
                    move.Record.Link.Probability, actor));
                index.Relink(move.Record.Key, link);
            }
            if (mergeId is not null)
                change.Merges.Add(new PersonMerge(mergeId, now, actor, placement.Reason, from.Key, into[0], [.. from.Select(m => m.Record.Key)]));
            if (emptied && !change.RetiredPersons.Contains(from.Key)) change.RetiredPersons.Add(from.Key);
        }
    }

    /// <summary>The record and the records of the persons it reaches (position 0 is the record), compared pair by pair and clustered.</summary>
    private sealed class Neighbourhood(CandidateIndex index, NormalisedRecord query, RecordKey self, List<IndexedRecord> members, string? currentPerson)
    {
        private readonly NormalisedRecord[] _records = [query, .. members.Select(m => m.Normalised)];
        private readonly CandidateIndex.BlockKeys[] _blockKeys = [index.KeysOf(query), .. members.Select(m => index.KeysOf(m.Normalised))];
        private readonly RecordKey[] _keys = [self, .. members.Select(m => m.Key)];
        private readonly List<ScoredPair> _links = [];

        /// <summary>The group of each position, and the reason a link of the record itself was refused (if one was).</summary>
        public (int[] Group, string? Refusal) Cluster(Scoring.IMatchScorer scorer, DecisionPolicy policy, Func<ComparisonVector, bool> wouldLink,
            Stewardship.DifferentPersons assertions)
        {
            for (var i = 0; i < _records.Length; i++)
                for (var j = i + 1; j < _records.Length; j++)
                {
                    if (!index.AreCandidates(_blockKeys[i], _blockKeys[j])) continue;
                    var vector = PairComparer.Compare(_records[i], _records[j]);
                    // Only links cluster: a pair whose bound falls short of the link threshold is not scored in full.
                    if (scorer.UpperBound(vector) < policy.LinkThreshold) continue;
                    var probability = scorer.Score(vector, []);
                    if (policy.Decide(probability) == Decision.Link) _links.Add(new ScoredPair(i, j, probability, Decision.Link, vector, default));
                }
            var strongest = StrongestFirst.Order(_links.Count, k => (_links[k].Probability, _links[k].Left, _links[k].Right));
            var (_, links) = LinkageEngine.InClusteringOrder([.. strongest.Select(k => _links[k])], _links.Count);
            var clusterer = new PersonClusterer(_records, wouldLink,
                (a, b) => assertions.Apart(_keys[a], _keys[b]) ? "a steward asserted them different persons"
                    : Contradiction.Between(_records[a], _records[b], wouldLink));
            var refused = clusterer.ClusterInOrder(links);
            return (clusterer.PersonOfEachRecord(), refused.FirstOrDefault(r => r.Left == 0 || r.Right == 0)?.Reason);
        }

        /// <summary>
        /// A person id for each group: largest groups first, each takes the id most of its records had (the
        /// record itself counting for the person it is in), and a group with none left to take gets a new one.
        /// A tie goes to the person holding the group's lowest record key, not the lowest id: ids are random
        /// within a millisecond, so which records are logged as moved would differ between two stores made
        /// from the same data.
        /// </summary>
        public (Dictionary<int, string> Ids, List<string> Created) PersonIds(int[] group, Func<string> newId)
        {
            var ids = new Dictionary<int, string>();
            var created = new List<string>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var groups = group.Select((g, position) => (g, position)).GroupBy(x => x.g)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.position));
            foreach (var g in groups)
            {
                var votes = g.Select(x => (Person: x.position == 0 ? currentPerson : members[x.position - 1].PersonId, Record: _keys[x.position].ToString()))
                    .Where(v => v.Person is not null && !taken.Contains(v.Person)).GroupBy(v => v.Person!, StringComparer.Ordinal)
                    .OrderByDescending(v => v.Count()).ThenBy(v => v.Select(x => x.Record).Min(StringComparer.Ordinal), StringComparer.Ordinal).ToList();
                var id = votes.Count > 0 ? votes[0].Key : newId();
                if (votes.Count == 0) created.Add(id);
                taken.Add(id);
                ids[g.Key] = id;
            }
            return (ids, created);
        }

        /// <summary>The strongest link between the record and another record of its group: which member, how sure.</summary>
        public (int Member, double Probability)? StrongestLinkWithin(int[] group)
        {
            (int, double)? best = null;
            foreach (var link in _links)
                if (link.Left == 0 && group[link.Right] == group[0] && (best is null || link.Probability > best.Value.Item2))
                    best = (link.Right - 1, link.Probability);
            return best;
        }
    }
}
