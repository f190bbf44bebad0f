namespace PatientIndex.Synth;

/// <summary>One real person in the synthetic population: the truth behind every record about them.</summary>
internal sealed class Person
{
    /// <summary>1-based, in order of creation; written to truth.csv as <c>P0000001</c>.</summary>
    public int Id { get; set; }

    public required Sex Sex { get; init; }

    public required Culture Culture { get; init; }

    public required string GivenName { get; init; }

    /// <summary>One or more space-separated middle names, or null.</summary>
    public string? MiddleNames { get; init; }

    public required string FamilyName { get; init; }

    /// <summary>Family name before marriage; sources registered earlier may still hold it.</summary>
    public string? MaidenName { get; init; }

    public required DateOnly Dob { get; init; }

    /// <summary>Ten digits with a valid Modulus 11 check digit; unique in the population.</summary>
    public required string NhsNumber { get; init; }

    /// <summary>National Insurance number (<c>AB123456C</c>) for people old enough to have one.</summary>
    public string? NiNumber { get; init; }

    public required Household Household { get; init; }

    /// <summary>Mobile as 11 digits. A child's is often a parent's.</summary>
    public string? Mobile { get; init; }

    public string? Email { get; init; }

    /// <summary>Goes by the first middle name, so some systems record that as the given name.</summary>
    public bool KnownByMiddleName { get; init; }

    /// <summary>This person's twin, living at the same address, when they are one of a twin pair.</summary>
    public Person? Twin { get; set; }

    /// <summary>The parent or child at the same address with the same given and family name, when there is one.</summary>
    public Person? Namesake { get; set; }

    public Address Address => Household.Address;

    /// <summary>Age in whole years on <see cref="Population.ExtractDate"/>.</summary>
    public int Age
    {
        get
        {
            var age = Population.ExtractDate.Year - Dob.Year;
            return Population.ExtractDate < Dob.AddYears(age) ? age - 1 : age;
        }
    }
}
