using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Blocking;

/// <summary>A field block keys are made of. Several rules share each one, so a record's parts are hashed once for all its keys.</summary>
public enum BlockPart
{
    NhsNumber,
    OtherId,
    Dob,
    BirthYear,
    GivenPhonetic,
    GivenInitial,
    FamilyPhonetic,
    /// <summary>Given and family phonetic codes in either order, so a given/family swap keys alike.</summary>
    NamesEitherOrder,
    /// <summary>A UK postcode's district; a non-UK postal code whole.</summary>
    PostcodeDistrict,
    Postcode,
    City,
    Email,
    Phone,
    Address,
}

public static class BlockParts
{
    public static int Count { get; } = Enum.GetValues<BlockPart>().Length;

    /// <summary>Each part's hash for this record, by <see cref="BlockPart"/>; 0 where the record lacks it.</summary>
    public static void Hash(NormalisedRecord r, Span<ulong> parts)
    {
        parts[(int)BlockPart.NhsNumber] = Of(r.NhsNumber);
        parts[(int)BlockPart.OtherId] = Of(r.OtherId);
        parts[(int)BlockPart.Dob] = BlockKey.Start(0).With(r.Dob).Value;
        parts[(int)BlockPart.BirthYear] = BlockKey.Start(0).With(BirthDate.Year(r.Dob)).Value;
        var given = parts[(int)BlockPart.GivenPhonetic] = Of(r.GivenNamePhonetic);
        parts[(int)BlockPart.GivenInitial] = BlockKey.Start(0).With(string.IsNullOrEmpty(r.GivenName) ? '\0' : r.GivenName[0]).Value;
        var family = parts[(int)BlockPart.FamilyPhonetic] = Of(r.FamilyNamePhonetic);
        parts[(int)BlockPart.NamesEitherOrder] = given == 0 || family == 0 ? 0
            : BlockKey.Start(0).With(Math.Min(given, family)).With(Math.Max(given, family)).Value;
        parts[(int)BlockPart.PostcodeDistrict] = Of(r.Postcode is null ? null : r.Postcode.IsUk ? r.Postcode.District : r.Postcode.Value);
        parts[(int)BlockPart.Postcode] = Of(r.Postcode?.Value);
        parts[(int)BlockPart.City] = Of(r.City);
        parts[(int)BlockPart.Email] = Of(r.Email);
        parts[(int)BlockPart.Phone] = Of(r.Phone);
        parts[(int)BlockPart.Address] = Of(r.Address);
    }

    private static ulong Of(string? value) => BlockKey.Start(0).With(value).Value;
}
