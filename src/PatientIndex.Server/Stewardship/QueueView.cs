using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>A page of the queue as a steward triages it: each task with its record and its best candidate's record.</summary>
public sealed record QueueView(QueueFilter Filter, IReadOnlyList<QueueRow> Rows, long Total);

/// <summary>A task, its record (null if withdrawn), its most likely candidate and that candidate's record, and who holds the task.</summary>
public sealed record QueueRow(ReviewTask Task, StoredRecord? Record, ReviewCandidate? Best, StoredRecord? BestRecord, string? HeldBy);
