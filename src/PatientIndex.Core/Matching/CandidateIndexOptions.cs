namespace PatientIndex.Core.Matching;

/// <param name="MaxBlockSize">A block up to this size is searched whole. A larger one (a common name
/// on a common date) is searched only for members with the same name initials, and at most this many.</param>
/// <param name="ScanLimit">How many members of an over-large block one query may look at, so one query
/// stays fast however large a block grows.</param>
public sealed record CandidateIndexOptions(int MaxBlockSize = 200, int ScanLimit = 1000);
