using PatientIndex.Core.Text;

namespace PatientIndex.Core.Tests.Text;

public class StringSimilarityTests
{
    // The textbook Jaro–Winkler examples (Winkler 1990).
    [Theory]
    [InlineData("martha", "marhta", 0.961)]
    [InlineData("dwayne", "duane", 0.840)]
    [InlineData("dixon", "dicksonx", 0.813)]
    public void jaro_winkler_matches_the_published_examples(string a, string b, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);

    [Fact]
    public void jaro_winkler_of_identical_strings_is_one() => Assert.Equal(1.0, JaroWinkler.Similarity("smith", "smith"));

    [Theory]
    [InlineData("abcd", "acbd", 1)] // adjacent transposition
    [InlineData("smith", "smyth", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void damerau_levenshtein_counts_keying_errors(string a, string b, int expected) =>
        Assert.Equal(expected, DamerauLevenshtein.Distance(a, b, 5));

    [Fact]
    public void damerau_levenshtein_stops_early_past_the_limit() => Assert.Equal(2, DamerauLevenshtein.Distance("kitten", "sitting", 1));

    [Theory]
    [InlineData("catherine", "katherine")]
    [InlineData("philip", "filip")]
    [InlineData("smith", "smyth")]
    [InlineData("stephen", "steven")]
    public void sound_alike_names_share_a_phonetic_key(string a, string b) => Assert.Equal(PhoneticKey.Of(a), PhoneticKey.Of(b));

    [Fact]
    public void different_sounding_names_have_different_keys() => Assert.NotEqual(PhoneticKey.Of("smith"), PhoneticKey.Of("jones"));
}
