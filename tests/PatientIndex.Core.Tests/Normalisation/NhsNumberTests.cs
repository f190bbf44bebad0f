using PatientIndex.Core.Normalisation;

namespace PatientIndex.Core.Tests.Normalisation;

public class NhsNumberTests
{
    // 943 476 5919 worked by hand: 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9 = the last digit.
    [Theory]
    [InlineData("9434765919")]
    [InlineData("943 476 5919")]
    [InlineData("943-476-5919")]
    public void a_number_with_the_right_check_digit_is_valid_whatever_its_spacing(string raw)
    {
        Assert.Equal("9434765919", NhsNumber.Normalise(raw, out var valid, out var problem));
        Assert.True(valid);
        Assert.Null(problem);
    }

    [Fact]
    public void a_number_with_the_wrong_check_digit_is_kept_but_flagged_invalid()
    {
        Assert.Equal("9434765918", NhsNumber.Normalise("9434765918", out var valid, out _));
        Assert.False(valid);
    }

    [Fact]
    public void a_check_digit_of_ten_makes_every_number_with_that_stem_invalid()
    {
        // 0000000060: sum = 6·2 = 12; 12 mod 11 = 1; 11 − 1 = 10, which no digit can be.
        for (var last = 0; last <= 9; last++)
            Assert.False(NhsNumber.HasValidCheckDigit($"000000006{last}"));
    }

    [Fact]
    public void a_check_result_of_eleven_means_check_digit_zero()
    {
        // 010000001: 1·9 + 1·2 = 11; 11 mod 11 = 0; 11 − 0 = 11 → check digit 0.
        Assert.True(NhsNumber.HasValidCheckDigit("0100000010"));
        Assert.False(NhsNumber.HasValidCheckDigit("0100000011"));
    }

    [Theory]
    [InlineData("9434765919", "9434765991")] // last two digits transposed
    [InlineData("9434765919", "9434765910")] // last digit changed
    [InlineData("9434765919", "9434756919")] // adjacent transposition inside
    public void a_single_keying_error_never_yields_another_valid_number(string valid, string typo)
    {
        Assert.True(NhsNumber.HasValidCheckDigit(valid));
        Assert.False(NhsNumber.HasValidCheckDigit(typo));
    }

    [Fact]
    public void a_number_with_letters_is_blanked_with_a_reason()
    {
        Assert.Null(NhsNumber.Normalise("94347A5919", out var valid, out var problem));
        Assert.False(valid);
        Assert.Contains("digits", problem);
    }

    [Fact]
    public void all_the_same_digit_is_a_placeholder_not_a_number()
    {
        Assert.Null(NhsNumber.Normalise("0000000000", out _, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void a_short_number_is_kept_as_invalid()
    {
        Assert.Equal("943476591", NhsNumber.Normalise("943476591", out var valid, out _));
        Assert.False(valid);
    }
}

public class NhsNumberVerificationCodeTests
{
    [Theory]
    [InlineData("01", "01")]
    [InlineData("05", "05")]
    [InlineData("08", "08")]
    [InlineData("1", "01")]
    [InlineData("8", "08")]
    [InlineData(" 02 ", "02")]
    public void a_status_code_from_one_to_eight_becomes_two_digits(string raw, string expected)
    {
        Assert.Equal(expected, NhsNumberVerificationCode.Normalise(raw, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("09")]
    [InlineData("9")]
    [InlineData("001")]
    [InlineData("verified")]
    public void anything_else_is_blanked_with_a_reason(string raw)
    {
        Assert.Null(NhsNumberVerificationCode.Normalise(raw, out var problem));
        Assert.Contains("verification status", problem);
    }

    [Fact]
    public void no_status_is_missing_without_complaint()
    {
        Assert.Null(NhsNumberVerificationCode.Normalise("  ", out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void a_bad_status_is_reported_as_a_field_problem_and_the_number_keeps_its_trust()
    {
        var problems = new List<Records.FieldProblem>();
        var record = new RecordNormaliser().Normalise(
            new Records.SourceRecord { Source = "gp", RecordId = "1", NhsNumber = "9434765919", NhsNumberVerification = "X" }, problems);

        var problem = Assert.Single(problems);
        Assert.Equal((Records.CanonicalField.NhsNumberVerification, "X"), (problem.Field, problem.Value));
        Assert.Null(record.NhsNumberVerification);
        Assert.True(record.NhsNumberTrusted);
    }
}
