using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>A review task as a steward sees it: the record (null if withdrawn since) and its candidates.</summary>
public sealed record ReviewTaskView(ReviewTask Task, StoredRecord? Record, IReadOnlyList<CandidateView> Candidates);
