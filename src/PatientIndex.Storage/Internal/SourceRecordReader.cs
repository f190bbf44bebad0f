using System.Data.Common;
using PatientIndex.Core.Records;

namespace PatientIndex.Storage.Internal;

/// <summary>Reads a source record from the first 15 columns (source … email, in canonical order) of a row.</summary>
internal static class SourceRecordReader
{
    public static SourceRecord Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new SourceRecord
        {
            Source = reader.GetString(0), RecordId = reader.GetString(1), NhsNumber = Text(2), OtherId = Text(3),
            GivenName = Text(4), MiddleNames = Text(5), FamilyName = Text(6), Dob = Text(7), Sex = Text(8),
            Postcode = Text(9), AddressLine1 = Text(10), AddressLine2 = Text(11), City = Text(12), Phone = Text(13), Email = Text(14),
        };
    }
}
