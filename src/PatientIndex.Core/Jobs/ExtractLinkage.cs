using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Jobs;

/// <summary>
/// Links an extract into the persons an index already holds, a chunk at a time, with the same
/// record-at-a-time decision every message gets (<see cref="PersonLinker.Link"/>): a record held with
/// the same data is left where it is, a changed record is re-matched, a new one linked. With a full
/// extract, the held records of its sources that it no longer carries are withdrawn at the end.
/// The caller writes each chunk's changes in one transaction, with the job's checkpoint.
/// </summary>
public sealed class ExtractLinkage(PersonLinker linker, Func<SourceRecord, NormalisedRecord> normalise, string actor)
{
    /// <summary>Records one chunk decides and writes together: small enough to hold a linking scope briefly.</summary>
    public const int ChunkSize = 500;

    public static List<IReadOnlyList<SourceRecord>> Chunks(IReadOnlyList<SourceRecord> records, int size = ChunkSize)
    {
        var chunks = new List<IReadOnlyList<SourceRecord>>((records.Count + size - 1) / size);
        for (var from = 0; from < records.Count; from += size)
        {
            var chunk = new SourceRecord[Math.Min(size, records.Count - from)];
            for (var i = 0; i < chunk.Length; i++) chunk[i] = records[from + i];
            chunks.Add(chunk);
        }
        return chunks;
    }

    /// <summary>Decides every record of the chunk in order, updating the index and the report; returns the changes to write.</summary>
    public List<MembershipChange> LinkChunk(IReadOnlyList<SourceRecord> records, ExtractReport report)
    {
        var changes = new List<MembershipChange>(records.Count);
        foreach (var record in records)
        {
            var tally = report.Of(record.Source);
            var existing = linker.Index.Find(new RecordKey(record.Source, record.RecordId));
            // The same answer Link gives a record held with the same data, without scoring it again.
            if (existing is not null && existing.Fingerprint == RecordFingerprint.Of(record))
            {
                tally.Unchanged++;
                continue;
            }
            var result = linker.Link(record, normalise(record), actor);
            if (existing is null) tally.New++;
            else tally.Updated++;
            if (existing is not null && existing.PersonId != result.PersonId) tally.Moved++;
            switch (result.Outcome)
            {
                case LinkOutcome.Linked: tally.Linked++; break;
                case LinkOutcome.NewPerson: tally.NewPersons++; break;
                case LinkOutcome.Review: tally.SentToReview++; break;
            }
            if (result.Change is not { } change) continue;
            foreach (var carried in change.RelinkedRecords) report.Of(carried.Key.Source).Moved++;
            changes.Add(change);
        }
        return changes;
    }

    /// <summary>
    /// The held records of the extract's sources that the extract lacks, in key order. Refuses when
    /// that is more than <see cref="JobSpec.MaxWithdrawnShare"/> of a source's held records, unless forced:
    /// a truncated file must not empty the index.
    /// </summary>
    public List<RecordKey> Withdrawals(IReadOnlyList<SourceRecord> extract, JobSpec spec)
    {
        var carried = new HashSet<RecordKey>(extract.Select(r => new RecordKey(r.Source, r.RecordId)));
        var withdrawn = new List<RecordKey>();
        foreach (var source in carried.Select(k => k.Source).Distinct().Order(StringComparer.Ordinal))
        {
            var held = linker.Index.KeysOfSource(source);
            var missing = held.Where(k => !carried.Contains(k)).ToList();
            if (!spec.Force && missing.Count > 0 && missing.Count > spec.MaxWithdrawnShare * held.Count)
                throw new WithdrawalRefusedException(source, missing.Count, held.Count, spec.MaxWithdrawnShare);
            withdrawn.AddRange(missing);
        }
        withdrawn.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return withdrawn;
    }

    /// <summary>Removes the records from their persons (a person left with none is retired); returns the changes to write.</summary>
    public List<MembershipChange> Withdraw(IReadOnlyList<RecordKey> keys, ExtractReport report)
    {
        var changes = new List<MembershipChange>(keys.Count);
        foreach (var key in keys)
        {
            if (linker.Remove(key, actor) is not { } change) continue;
            report.Of(key.Source).Withdrawn++;
            changes.Add(change);
        }
        return changes;
    }
}

/// <summary>A full extract would withdraw more of a source's records than the guard allows.</summary>
public sealed class WithdrawalRefusedException(string source, int missing, int held, double share)
    : Exception($"the full extract lacks {missing:N0} of the {held:N0} records held for source {source} ({(double)missing / held:P1}), more than the {share:P0} a full extract may withdraw; check the file is complete, or force it")
{
    public string RecordSource { get; } = source;
}
