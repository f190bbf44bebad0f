using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>Records as integration engines send them, with the differences real systems have.</summary>
internal static class Patients
{
    public static PatientRecord GpWilliam() => new()
    {
        Source = "gp", RecordId = "G1001", NhsNumber = "943 476 5919", GivenName = "William", MiddleNames = "James", FamilyName = "Hartley",
        Dob = "1984-02-29", Sex = "M", Postcode = "LS6 2AB", AddressLine1 = "14 Cardigan Road", City = "Leeds", Phone = "0113 496 0123",
    };

    /// <summary>The hospital knows him as Bill, with the postcode unspaced and a mobile number.</summary>
    public static PatientRecord HospitalBill() => new()
    {
        Source = "hospital", RecordId = "RR8-556677", NhsNumber = "9434765919", GivenName = "Bill", FamilyName = "HARTLEY",
        Dob = "1984-02-29", Sex = "male", Postcode = "ls62ab", AddressLine1 = "14 Cardigan Rd", City = "LEEDS", Phone = "07700 900456",
    };

    /// <summary>The community service has no NHS number for him and swapped day and month... of a date that cannot swap, so it typed it right.</summary>
    public static PatientRecord CommunityWill() => new()
    {
        Source = "community", RecordId = "C-77", GivenName = "William", FamilyName = "Hartly", Dob = "1984-02-29", Sex = "M",
        Postcode = "LS6 2AB", AddressLine1 = "14 Cardigan Road", City = "Leeds", Phone = "01134960123", Email = "will.hartley@example.org",
    };

    /// <summary>Twins: same family name, birth date and home; different given names and NHS numbers.</summary>
    public static (PatientRecord, PatientRecord) Twins() => (
        new PatientRecord
        {
            Source = "gp", RecordId = "T1", NhsNumber = "401 023 2137", GivenName = "Oliver", FamilyName = "Okafor", Dob = "2015-06-01", Sex = "M",
            Postcode = "M14 5RW", AddressLine1 = "3 Moss Lane", City = "Manchester", Phone = "0161 496 0999",
        },
        new PatientRecord
        {
            Source = "gp", RecordId = "T2", NhsNumber = "401 023 2145", GivenName = "Harry", FamilyName = "Okafor", Dob = "2015-06-01", Sex = "M",
            Postcode = "M14 5RW", AddressLine1 = "3 Moss Lane", City = "Manchester", Phone = "0161 496 0999",
        });
}

internal static class PatientRecordCopies
{
    /// <summary>The same patient's data under another source system's key.</summary>
    public static PatientRecord With(this PatientRecord record, string source, string recordId)
    {
        var copy = record.Clone();
        copy.Source = source;
        copy.RecordId = recordId;
        return copy;
    }
}
