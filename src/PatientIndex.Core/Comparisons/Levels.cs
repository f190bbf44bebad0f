namespace PatientIndex.Core.Comparisons;

// Level numbers per comparison, matching the order in ComparisonSchema (0 = missing everywhere).
internal static class NhsLevel { public const byte ExactValid = 1, ExactInvalid = 2, OneEdit = 3, Different = 4; }
internal static class IdLevel { public const byte Exact = 1, Close = 2, Different = 3; }
internal static class GivenLevel { public const byte Exact = 1, Nickname = 2, Close = 3, Swapped = 4, Initial = 5, Phonetic = 6, MiddleName = 7, Different = 8; }
internal static class FamilyLevel { public const byte Exact = 1, Close = 2, SharesPart = 3, Phonetic = 4, Different = 5; }
internal static class DobLevel { public const byte Exact = 1, DayMonthSwapped = 2, OneEdit = 3, WithinMonth = 4, WithinYear = 5, TwoOfThree = 6, WithinTenYears = 7, PartialAgrees = 8, Different = 9; }
internal static class SexLevel { public const byte Same = 1, Different = 2; }
internal static class PostcodeLevel { public const byte Unit = 1, SameNonUkCode = 2, OneEdit = 3, Sector = 4, District = 5, Area = 6, Different = 7; }
internal static class TextLevel { public const byte Exact = 1, Close = 2, Partial = 3, Different = 4; }
internal static class ShortTextLevel { public const byte Exact = 1, Close = 2, Different = 3; }
