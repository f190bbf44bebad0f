using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Tests.Matching;

public class RecordFingerprintTests
{
    private static readonly SourceRecord Amelia = new() { Source = "gp", RecordId = "G1", NhsNumber = "9434765919", GivenName = "Amelia" };

    [Fact]
    public void a_record_re_sent_as_it_was_has_the_same_fingerprint() =>
        Assert.Equal(RecordFingerprint.Of(Amelia), RecordFingerprint.Of(Amelia with { }));

    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    public void a_verification_status_given_or_changed_is_a_changed_record(string status)
    {
        var withStatus = Amelia with { NhsNumberVerification = status };

        Assert.NotEqual(RecordFingerprint.Of(Amelia), RecordFingerprint.Of(withStatus));
        Assert.NotEqual(RecordFingerprint.Of(withStatus), RecordFingerprint.Of(withStatus with { NhsNumberVerification = status == "01" ? "02" : "01" }));
    }
}
