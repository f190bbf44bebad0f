namespace PatientIndex.Synth;

/// <summary>
/// Makes addresses for one generation run. Streets are created lazily per town and reused, so that
/// households cluster on streets and postcodes instead of each getting a postcode of its own.
/// </summary>
internal sealed class AddressBook
{
    // Letters used in the inward code (the part after the space): C, I, K, M, O and V are never used.
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    /// <summary>Chance that a new household starts a new street rather than joining an existing one in its town.</summary>
    private const double NewStreetChance = 0.2;

    private readonly Random _random;
    private readonly Dictionary<Town, List<Street>> _streets = new(ReferenceEqualityComparer.Instance);

    public AddressBook(Random random) => _random = random;

    public Address NewAddress(Town? town = null)
    {
        town ??= Places.TownPicker.Pick(_random);
        var street = StreetIn(town);
        var postcode = street.Postcodes[_random.Next(street.Postcodes.Length)];

        var roll = _random.NextDouble();
        if (roll < 0.18)
        {
            // A flat, in a named block half the time.
            var block = _random.NextDouble() < 0.5
                ? Places.BlockNames[_random.Next(Places.BlockNames.Length)] + " " + Places.BlockTypes[_random.Next(Places.BlockTypes.Length)]
                : null;
            var flat = (1 + _random.Next(_random.NextDouble() < 0.8 ? 30 : 120)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_random.NextDouble() < 0.05) flat += (char)('A' + _random.Next(3));
            return new Address { Street = street, Flat = flat, Block = block, Number = HouseNumber(street), Postcode = postcode };
        }
        if (roll < 0.21)
            return new Address { Street = street, HouseName = Places.HouseNames[_random.Next(Places.HouseNames.Length)], Postcode = postcode };
        return new Address { Street = street, Number = HouseNumber(street), Postcode = postcode };
    }

    private string HouseNumber(Street street)
    {
        // Low numbers are commoner: most streets are short.
        var u = _random.NextDouble();
        var n = 1 + (int)(street.MaxNumber * u * Math.Sqrt(u));
        var number = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _random.NextDouble() < 0.03 ? number + (char)('A' + _random.Next(2)) : number;
    }

    private Street StreetIn(Town town)
    {
        if (!_streets.TryGetValue(town, out var streets))
        {
            streets = [];
            _streets.Add(town, streets);
        }
        if (streets.Count > 0 && _random.NextDouble() >= NewStreetChance)
            return streets[_random.Next(streets.Count)];

        var outward = town.OutwardCodes[_random.Next(town.OutwardCodes.Length)];
        var sections = 1 + _random.Next(3);
        var postcodes = new string[sections];
        var sector = _random.Next(10);
        for (var i = 0; i < sections; i++)
            postcodes[i] = outward + " " + (char)('0' + sector) + InwardLetters[_random.Next(InwardLetters.Length)] + InwardLetters[_random.Next(InwardLetters.Length)];

        var street = new Street(
            town,
            Places.StreetNamePicker.Pick(_random),
            Places.StreetTypePicker.Pick(_random),
            postcodes,
            maxNumber: 20 + _random.Next(230),
            locality: _random.NextDouble() < 0.25 ? Places.Localities[_random.Next(Places.Localities.Length)] : null);
        streets.Add(street);
        return street;
    }
}
