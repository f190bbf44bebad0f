using System.Data.Common;
using PatientIndex.Core.Records;

namespace PatientIndex.Storage.Internal;

/// <summary>
/// Reads a source record from the first <see cref="ColumnCount"/> columns of a row, one per canonical field in
/// canonical order: the order the writers take from <see cref="CanonicalFields"/> too, so a new field is added once.
/// </summary>
internal static class SourceRecordReader
{
    public static int ColumnCount { get; } = CanonicalFields.All.Count;

    /// <summary>The select list of the source_records table aliased <paramref name="table"/>, each column named as its <see cref="CanonicalField"/>.</summary>
    public static string Columns(string table) =>
        string.Join(", ", CanonicalFields.All.Select(f => $"{table}.{CanonicalFields.HeaderOf(f)} AS {f}"));

    public static SourceRecord Read(DbDataReader reader)
    {
        string? Text(CanonicalField field) => reader.IsDBNull((int)field) ? null : reader.GetString((int)field);
        return new SourceRecord
        {
            Source = reader.GetString((int)CanonicalField.Source), RecordId = reader.GetString((int)CanonicalField.RecordId),
            NhsNumber = Text(CanonicalField.NhsNumber), NhsNumberVerification = Text(CanonicalField.NhsNumberVerification),
            OtherId = Text(CanonicalField.OtherId), GivenName = Text(CanonicalField.GivenName), MiddleNames = Text(CanonicalField.MiddleNames),
            FamilyName = Text(CanonicalField.FamilyName), Dob = Text(CanonicalField.Dob), Sex = Text(CanonicalField.Sex),
            Postcode = Text(CanonicalField.Postcode), AddressLine1 = Text(CanonicalField.AddressLine1), AddressLine2 = Text(CanonicalField.AddressLine2),
            City = Text(CanonicalField.City), Phone = Text(CanonicalField.Phone), Email = Text(CanonicalField.Email),
        };
    }
}
