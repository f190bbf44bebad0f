using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>What its source's merges say of a record: the record that replaced it (null while it stands), and those it replaced.</summary>
public sealed record SourceMerges(RecordKey? ReplacedBy, IReadOnlyList<RecordKey> Replaces);
