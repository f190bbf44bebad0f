using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Tests;

/// <summary>
/// The shipped model, with the Fellegi–Sunter parameters the service scores with, on the people who share
/// a home: no rule overrides its probability, so it must itself see twins, siblings, a parent and child of one
/// name and lodgers as two people, and the one person as one.
/// </summary>
public class HouseholdSafetyTests
{
    private static readonly LinkageModel Shipped = LinkageModel.Load(Fixtures.ShippedModelDirectory());
    private static readonly ShippedScorer Probe = new(Shipped);
    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2026, 11, 24));

    [Fact]
    public void twins_at_one_address_are_not_linked_and_are_named_as_possible_twins()
    {
        var (probability, reason) = Probe.Score(
            Person("Ann", "Shaw", "2012-03-04", "F", "1 High St", "LS1 4AP", "0113 496 0000"),
            Person("Kate", "Shaw", "2012-03-04", "F", "1 High St", "LS1 4AP", "0113 496 0000"));
        Assert.True(probability < Probe.Link, $"twins scored {probability:0.0000}");
        Assert.Equal(ReviewReason.PossibleTwins, reason);
    }

    [Fact]
    public void twins_whose_names_share_a_sound_code_are_not_linked_though_no_source_holds_both()
    {
        var (probability, _) = Probe.Score(
            Person("Jack", "Naylor", "2008-11-05", "M", "Flat 4 Mulberry Court", "E1 9QH", null),
            Person("Joshua", "Naylor", "2008-11-05", "M", "Flat 4 Mulberry Court", "E1 9QH", null));
        Assert.True(probability < Probe.Link, $"twins scored {probability:0.0000}");
    }

    [Fact]
    public void a_parent_and_child_of_one_name_at_one_address_are_not_linked()
    {
        var (probability, _) = Probe.Score(
            Person("John", "Smith", "1961-07-14", "M", "12 Mill Lane", "BS8 1TH", "0117 496 0101"),
            Person("John", "Smith", "1988-02-03", "M", "12 Mill Lane", "BS8 1TH", "0117 496 0101"));
        Assert.True(probability < Probe.Link, $"parent and child scored {probability:0.0000}");
    }

    [Fact]
    public void siblings_whose_names_sound_alike_are_not_linked()
    {
        var (probability, _) = Probe.Score(
            Person("Holly", "Shaw", "2012-03-04", "F", "1 High St", "LS1 4AP", null),
            Person("Hollie", "Shaw", "2014-09-21", "F", "1 High St", "LS1 4AP", null));
        Assert.True(probability < Probe.Link, $"siblings scored {probability:0.0000}");
    }

    [Fact]
    public void lodgers_of_one_given_name_are_not_linked()
    {
        var (probability, _) = Probe.Score(
            Person("Andrew", "Thomas", "1994-05-15", "M", "88 Highfield Parade", "W7 9EZ", null),
            Person("Andrew", "Bateman", "1989-05-30", "M", "88 Highfield Parade", "W7 9EZ", null));
        Assert.True(probability < Probe.Link, $"lodgers scored {probability:0.0000}");
    }

    [Fact]
    public void the_one_person_with_a_typo_and_a_nickname_at_home_is_linked()
    {
        var (probability, _) = Probe.Score(
            Person("Jonathan", "Fairweather", "1962-05-09", "M", "3 Clifton Road", "BS8 1TH", "0117 496 0555", nhs: "9434765919"),
            Person("Jon", "Fairwether", "1962-05-09", "M", "3 Clifton Rd", "BS8 1TH", null, nhs: "9434765919"));
        Assert.True(probability >= Probe.Link, $"the one person scored {probability:0.0000}");
    }

    [Fact]
    public void a_married_name_with_birth_date_and_home_intact_is_at_least_a_review()
    {
        var (probability, _) = Probe.Score(
            Person("Sarah", "Jones", "1984-02-11", "F", "4 Mill Lane", "LS1 4AP", null),
            Person("Sarah", "Okafor", "1984-02-11", "F", "4 Mill Lane", "LS1 4AP", null));
        Assert.True(probability >= Probe.Review, $"a married name scored {probability:0.0000}");
    }

    private static NormalisedRecord Person(string given, string family, string dob, string sex, string address, string postcode, string? phone, string? nhs = null) =>
        Normaliser.Normalise(new SourceRecord
        {
            Source = "source-" + Guid.NewGuid().ToString("N"), RecordId = "1", GivenName = given, FamilyName = family, Dob = dob, Sex = sex,
            AddressLine1 = address, Postcode = postcode, Phone = phone, NhsNumber = nhs,
        });

    /// <summary>
    /// The shipped scorer and thresholds: what the service decides with. Each record comes from a source of its
    /// own, so no source shows the home's other members: the household counts give the model nothing to go on.
    /// </summary>
    private sealed class ShippedScorer(LinkageModel model)
    {
        private readonly Core.Scoring.IMatchScorer _scorer = model.Scorer();
        public double Link { get; } = model.Thresholds.Link;
        public double Review { get; } = model.Thresholds.Review;

        public (double Probability, string Reason) Score(NormalisedRecord a, NormalisedRecord b)
        {
            Households.Stamp([a, b]);
            var vector = PairComparer.Compare(a, b);
            return (_scorer.Score(vector, []), ReviewReason.Of(vector));
        }
    }
}
