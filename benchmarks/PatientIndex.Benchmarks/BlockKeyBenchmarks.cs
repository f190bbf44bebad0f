using BenchmarkDotNet.Attributes;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Benchmarks;

/// <summary>Every default blocking rule's key for one record, its parts hashed once: what blocking computes a million times at 1M records.</summary>
public class BlockKeyBenchmarks
{
    private readonly NormalisedRecord _record = new RecordNormaliser().Normalise(new SourceRecord
    {
        Source = "gp", RecordId = "1", NhsNumber = "943 476 5919", OtherId = "QQ123456C", GivenName = "William", FamilyName = "MacDonald-Hughes",
        Dob = "1961-04-12", Sex = "M", Postcode = "ls62qt", AddressLine1 = "14 Cardigan Rd.", City = "Leeds", Phone = "+44 7700 900123",
        Email = "william.macdonald-hughes@example.org",
    });

    private readonly ulong[] _keys = new ulong[BlockingRules.Default.Count];

    [Benchmark]
    public ulong[] AllRuleKeys()
    {
        var rules = BlockingRules.Default;
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(_record, parts);
        for (var r = 0; r < rules.Count; r++) _keys[r] = rules[r].Key(parts, r);
        return _keys;
    }
}
