using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Tests.Linkage;

public sealed class ReviewReasonKindTests
{
    [Theory]
    [InlineData(ReviewReason.PossibleTwins, "twins")]
    [InlineData(ReviewReason.PossibleParentAndChild, "parent-child")]
    [InlineData(ReviewReason.PossibleSiblings, "siblings")]
    [InlineData("agree: family name, birth date; close: given name (nickname); differ: NHS number", "nhs-differs")]
    [InlineData("agree: given name, family name, town; differ: birth date", "dob-differs")]
    [InlineData("agree: given name, birth date, postcode; close: family name (a keystroke or two apart)", "name-close")]
    [InlineData("agree: given name, family name; close: birth date (day and month swapped); differ: postcode", "dob-close")]
    [InlineData("agree: given name, family name; differ: postcode", null)]
    [InlineData("link refused: different valid NHS numbers", "refused")]
    [InlineData("probability in the review band", null)]
    public void a_reason_has_the_first_kind_that_fits_it(string reason, string? kind) => Assert.Equal(kind, ReviewReason.KindOf(reason));
}
