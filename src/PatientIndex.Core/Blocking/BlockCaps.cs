namespace PatientIndex.Core.Blocking;

/// <summary>
/// How large a block may grow before it is searched only by name initials, one setting for both doors:
/// bulk linkage splits such a block by initials (and skips a piece still larger), the service's candidate
/// index searches it for members with the query's initials. Part of the linkage model (<c>linkage.json</c>).
/// </summary>
/// <param name="MaxBlockSize">A block up to this size is searched whole; a larger one (a common name on a
/// common date) only for members with the same name initials, at most this many.</param>
/// <param name="ScanLimit">How many members of an over-large block one query of the service may look at, so
/// one query stays fast however large a block grows.</param>
public sealed record BlockCaps(int MaxBlockSize = 400, int ScanLimit = 1000);
