using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Clustering;

/// <summary>
/// Groups records into persons from their links, strongest link first. Two groups are joined only
/// if no record of one strongly contradicts any record of the other, so a weak bridge can never
/// chain two different people together (plain connected components would). A refused join is
/// returned for a steward to review.
/// </summary>
/// <param name="apart">Why two records (by position) must stay apart beyond what their data says (a steward's assertion), or null.</param>
public sealed class PersonClusterer(IReadOnlyList<NormalisedRecord> records, Func<ComparisonVector, bool> wouldLink, Func<int, int, string?>? apart = null)
{
    private readonly int[] _parent = Enumerable.Range(0, records.Count).ToArray();
    // Each group's members as a chain through _nextMember, from its root to _lastMember[root]: joining
    // two groups links two chains, so clustering a million records allocates nothing per join.
    private readonly int[] _nextMember = Enumerable.Repeat(-1, records.Count).ToArray();
    private readonly int[] _lastMember = Enumerable.Range(0, records.Count).ToArray();
    private readonly int[] _size = Enumerable.Repeat(1, records.Count).ToArray();

    public IReadOnlyList<RefusedLink> Cluster(IReadOnlyList<(int Left, int Right, double Probability)> links) =>
        Cluster(links, StrongestFirst.Order(links.Count, i => (links[i].Probability, links[i].Left, links[i].Right)));

    /// <summary>Clusters links already in <see cref="StrongestFirst"/> order, sparing the sort.</summary>
    public IReadOnlyList<RefusedLink> ClusterInOrder(IReadOnlyList<(int Left, int Right, double Probability)> links) =>
        Cluster(links, Enumerable.Range(0, links.Count));

    private List<RefusedLink> Cluster(IReadOnlyList<(int Left, int Right, double Probability)> links, IEnumerable<int> order)
    {
        var refused = new List<RefusedLink>();
        foreach (var index in order)
        {
            var (left, right, probability) = links[index];
            var a = Find(left);
            var b = Find(right);
            if (a == b) continue;
            var reason = ContradictionBetween(a, b);
            if (reason is null) Union(a, b);
            else refused.Add(new RefusedLink(index, left, right, probability, reason));
        }
        return refused;
    }

    /// <summary>Person number per record: groups numbered in order of their first record.</summary>
    public int[] PersonOfEachRecord()
    {
        var person = new int[records.Count];
        var numberOfRoot = new int[records.Count];
        Array.Fill(numberOfRoot, -1);
        var persons = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var root = Find(i);
            if (numberOfRoot[root] < 0) numberOfRoot[root] = persons++;
            person[i] = numberOfRoot[root];
        }
        return person;
    }

    private string? ContradictionBetween(int rootA, int rootB)
    {
        for (var a = rootA; a >= 0; a = _nextMember[a])
            for (var b = rootB; b >= 0; b = _nextMember[b])
                if ((apart?.Invoke(a, b) ?? Contradiction.Between(records[a], records[b], wouldLink)) is { } reason) return reason;
        return null;
    }

    /// <summary>Joins the smaller group to the larger; the larger's members come first, then the smaller's.</summary>
    private void Union(int a, int b)
    {
        if (_size[a] < _size[b]) (a, b) = (b, a);
        _parent[b] = a;
        _size[a] += _size[b];
        _nextMember[_lastMember[a]] = b;
        _lastMember[a] = _lastMember[b];
    }

    private int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }
        return i;
    }
}

/// <param name="LinkIndex">The refused link's position in the list given to <see cref="PersonClusterer.Cluster"/>.</param>
public sealed record RefusedLink(int LinkIndex, int Left, int Right, double Probability, string Reason);
