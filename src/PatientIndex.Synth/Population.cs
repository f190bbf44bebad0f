using PatientIndex.Core.Normalisation;

namespace PatientIndex.Synth;

/// <summary>
/// Builds the true population: people in households, with the relationships that make linkage hard.
/// About 30% of people share an address with others (families and shared houses); about 1% are one of a
/// pair of twins living together (same family name, birth date, address and often phone) and about 1%
/// are one of a parent and child with the same given and family name at the same address.
/// </summary>
internal sealed class Population
{
    /// <summary>The date the extracts are taken: ages are measured from it. Fixed so output never depends on the clock.</summary>
    public static readonly DateOnly ExtractDate = new(2025, 6, 30);

    // Household mix. A family averages a little over three people, so these shares put about 30% of
    // people in multi-person households.
    private const double FamilyShare = 0.115;
    private const double SharedHouseShare = 0.012;

    // Families are about 9% of households-per-person; these give ~0.5% twin pairs and ~0.5% namesake pairs per person.
    private const double TwinsPerFamily = 0.055;
    private const double NamesakePerFamily = 0.055;

    private const double MovedHouseholdShare = 0.22;

    private static readonly WeightedPicker<Culture> CulturePicker = new(
        [Culture.British, Culture.SouthAsianMuslim, Culture.SouthAsianHindu, Culture.Sikh, Culture.EasternEuropean, Culture.WestAfrican, Culture.Somali, Culture.Chinese],
        [0.81, 0.045, 0.025, 0.015, 0.04, 0.03, 0.015, 0.02]);

    // Five-year age bands 0-4 ... 95-100, roughly the UK's shape.
    private static readonly WeightedPicker<int> AgeBandPicker = new(
        Enumerable.Range(0, 20).ToArray(),
        [5.5, 6.0, 6.0, 5.7, 6.0, 6.5, 6.8, 6.6, 6.2, 6.6, 6.9, 6.7, 5.9, 5.1, 5.0, 3.8, 2.6, 1.6, 0.7, 0.2]);

    private static readonly string[] EmailDomains = ["example.com", "example.net", "example.org", "mail.example.com"];

    private readonly Random _random;
    private readonly AddressBook _addresses;
    private readonly List<Person> _people;
    private readonly HashSet<string> _nhsNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _niNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _emailForms = new(StringComparer.Ordinal);
    private readonly int _target;

    private Population(int count, Random random)
    {
        _target = count;
        _random = random;
        _addresses = new AddressBook(random);
        _people = new List<Person>(count);
    }

    /// <summary>Exactly <paramref name="count"/> people, ids 1..count, household members adjacent.</summary>
    public static Person[] Build(int count, Random random)
    {
        var population = new Population(count, random);
        while (population._people.Count < count)
        {
            var roll = random.NextDouble();
            if (roll < FamilyShare) population.AddFamily();
            else if (roll < FamilyShare + SharedHouseShare) population.AddSharedHouse();
            else population.AddSingle();
        }
        return population._people.ToArray();
    }

    private int Remaining => _target - _people.Count;

    private void AddSingle()
    {
        var culture = CulturePicker.Pick(_random);
        var age = RandomAge();
        var household = NewHousehold(culture, landlineChance: age >= 65 ? 0.6 : 0.2);
        var sex = RandomSex();
        var family = FamilyNames.ForSex(FamilyNames.Pick(culture, _random), culture, sex);
        string? maiden = null;
        if (sex == Sex.Female && age >= 22 && TakesHusbandsName(culture) && Chance(0.35))
            maiden = FamilyNames.ForSex(FamilyNames.Pick(culture, _random), culture, sex);
        Add(NewPerson(household, sex, age, family, maiden, given: null, middle: null, mobile: null));
    }

    private void AddSharedHouse()
    {
        var size = 2 + _random.Next(3);
        if (size > Remaining) return;
        var first = CulturePicker.Pick(_random);
        var household = NewHousehold(first, landlineChance: 0.05, flatPlease: true);
        for (var i = 0; i < size; i++)
        {
            var culture = i == 0 ? first : CulturePicker.Pick(_random);
            var sex = RandomSex();
            Add(NewPerson(household, sex, 19 + _random.Next(22), FamilyNames.ForSex(FamilyNames.Pick(culture, _random), culture, sex), null, null, null, null, culture));
        }
    }

    private void AddFamily()
    {
        var adults = Chance(0.8) ? 2 : 1;
        var children = _random.NextDouble() switch
        {
            < 0.25 => 0,
            < 0.55 => 1,
            < 0.85 => 2,
            _ => 3,
        };
        if (adults == 1 && children == 0) children = 1;
        var twins = Chance(TwinsPerFamily);
        var namesake = Chance(NamesakePerFamily);
        children = Math.Max(children, (twins ? 2 : 0) + (namesake ? 1 : 0));
        if (adults + children > Remaining) return;

        var culture = CulturePicker.Pick(_random);
        var household = NewHousehold(culture, landlineChance: 0.35);

        // The first adult is the one a namesake child is named after: usually a father ("John Smith junior").
        var firstSex = adults == 2 ? (Chance(0.85) ? Sex.Male : Sex.Female) : (Chance(0.8) ? Sex.Female : Sex.Male);
        if (namesake) firstSex = Chance(0.8) ? Sex.Male : Sex.Female;
        var namesakeGap = 20 + _random.Next(21);
        var firstAge = children > 0 ? 22 + _random.Next(43) : 20 + _random.Next(76);
        if (namesake && firstAge < namesakeGap) firstAge = namesakeGap + _random.Next(Math.Min(41, 96 - namesakeGap));
        var maxChildAge = Math.Min(firstAge - 18, 35);

        var baseFamily = FamilyNames.Pick(culture, _random);
        var firstFamily = FamilyNames.ForSex(baseFamily, culture, firstSex);
        var first = NewPerson(household, firstSex, firstAge, firstFamily, null, null, null, null);

        Person? second = null;
        var married = false;
        if (adults == 2)
        {
            var secondSex = Chance(0.95) ? Opposite(firstSex) : firstSex;
            var secondAge = Math.Clamp(firstAge + _random.Next(-6, 7), 18, 100);
            // Only a wife is modelled as taking her spouse's name.
            married = firstSex == Sex.Male && secondSex == Sex.Female && Chance(0.7);
            var (family, maiden) = SpouseNames(culture, married, baseFamily, secondSex);
            second = NewPerson(household, secondSex, secondAge, family, maiden, null, null, null);
        }

        // Children take the first adult's name (usually the father's); unmarried British parents
        // sometimes give the mother's name or join both.
        var childBase = baseFamily;
        if (second is not null && !married && culture == Culture.British)
        {
            if (Chance(0.15)) childBase = baseFamily + "-" + second.FamilyName;
            else if (first.Sex == Sex.Male && second.Sex == Sex.Female && Chance(0.25)) childBase = second.FamilyName;
        }

        Add(first);
        if (second is not null) Add(second);

        var parents = second is null ? new[] { first } : new[] { first, second };
        var members = parents.ToList();
        var made = 0;
        if (twins)
        {
            var age = _random.Next(Math.Min(maxChildAge, 30) + 1);
            var dob = DobForAge(age);
            var sexA = RandomSex();
            var sexB = Chance(0.65) ? sexA : Opposite(sexA);
            var a = NewChild(household, sexA, age, childBase, parents, dob, null, members);
            string givenB;
            var attempts = 0;
            // Different given names, but a third of the time with the same initial (Jack and James).
            do
            {
                givenB = GivenNames.Given(culture, sexB, dob.Year, _random);
                attempts++;
            }
            while ((givenB == a.GivenName || HasMiddleName(a, givenB) || AreNicknames(a.GivenName, givenB) || (attempts < 30 && Chance(0.3) && givenB[0] != a.GivenName[0])) && attempts < 60);
            if (givenB == a.GivenName) givenB = sexB == Sex.Male ? "Thomas" : "Grace";
            var b = NewChild(household, sexB, age, childBase, parents, dob, givenB, members);
            a.Twin = b;
            b.Twin = a;
            Add(a);
            Add(b);
            made += 2;
        }
        if (namesake)
        {
            // Same given and family name as the first adult, 20-40 years younger, same address.
            var age = firstAge - namesakeGap;
            var middle = first.MiddleNames is not null && Chance(0.5) ? first.MiddleNames : null;
            var junior = NewPerson(household, first.Sex, age, first.FamilyName, null, first.GivenName, middle, ChildMobile(age, parents));
            junior.Namesake = first;
            first.Namesake = junior;
            Add(junior);
            made++;
        }
        for (; made < children; made++)
        {
            var age = _random.Next(Math.Min(maxChildAge, 22) + 1);
            Add(NewChild(household, RandomSex(), age, childBase, parents, DobForAge(age), null, members));
        }
    }

    /// <summary>A child whose name (given, or the middle name they go by) is nobody else's in the family:
    /// real parents don't give two children one name, and a same-named pair here would be an unflagged hard negative.</summary>
    private Person NewChild(Household household, Sex sex, int age, string childBase, Person[] parents, DateOnly dob, string? given, List<Person> family)
    {
        var familyName = FamilyNames.ForSex(childBase, household.Culture, sex);
        Person child;
        var attempts = 0;
        do child = NewPerson(household, sex, age, familyName, null, given, null, ChildMobile(age, parents), dob: dob);
        while (family.Any(member => SharesAName(member, child)) && ++attempts < 20);
        family.Add(child);
        return child;
    }

    private static bool SharesAName(Person a, Person b) =>
        a.GivenName == b.GivenName || NameInUse(a) == NameInUse(b)
        || AreNicknames(a.GivenName, b.GivenName)
        || HasMiddleName(a, b.GivenName) || HasMiddleName(b, a.GivenName);

    private static bool AreNicknames(string a, string b) =>
        NicknameTable.Default.AreEquivalent(a.ToLowerInvariant(), b.ToLowerInvariant());

    private static bool HasMiddleName(Person p, string name) =>
        p.MiddleNames is { } middle && middle.Split(' ').Contains(name);

    private static string NameInUse(Person p) =>
        p.KnownByMiddleName && p.MiddleNames is { } middle ? middle.Split(' ')[0] : p.GivenName;

    /// <summary>Young children's records carry a parent's mobile, so siblings share it.</summary>
    private string? ChildMobile(int age, Person[] parents)
    {
        if (age >= 16) return null;
        if (age >= 12 && Chance(0.5)) return OtherIdentifiers.Mobile(_random);
        return Chance(0.7) ? parents[_random.Next(parents.Length)].Mobile : null;
    }

    private (string Family, string? Maiden) SpouseNames(Culture culture, bool married, string baseFamily, Sex sex)
    {
        var own = FamilyNames.ForSex(FamilyNames.Pick(culture, _random), culture, sex);
        if (!married) return (own, null);
        switch (culture)
        {
            case Culture.Sikh:
                return (baseFamily, null);
            case Culture.Somali:
                return (own, null);
            case Culture.SouthAsianMuslim:
                return Chance(0.35) ? ("Begum", null) : (baseFamily, own);
            case Culture.Chinese:
                return Chance(0.5) ? (own, null) : (baseFamily, own);
            default:
                var family = FamilyNames.ForSex(baseFamily, culture, sex);
                return own == family ? (family, null) : (family, own);
        }
    }

    private static bool TakesHusbandsName(Culture culture) =>
        culture is Culture.British or Culture.SouthAsianHindu or Culture.EasternEuropean or Culture.WestAfrican;

    private Household NewHousehold(Culture culture, double landlineChance, bool flatPlease = false)
    {
        var address = _addresses.NewAddress();
        if (flatPlease && address.Flat is null) address = _addresses.NewAddress(address.Town);
        Address? previous = null;
        if (Chance(MovedHouseholdShare))
            previous = _addresses.NewAddress(Chance(0.6) ? address.Town : null);
        return new Household
        {
            Address = address,
            PreviousAddress = previous,
            Landline = Chance(landlineChance) ? OtherIdentifiers.Landline(address.Town, _random) : null,
            Culture = culture,
        };
    }

    private Person NewPerson(Household household, Sex sex, int age, string family, string? maiden, string? given, string? middle, string? mobile, Culture? culture = null, DateOnly? dob = null)
    {
        var personCulture = culture ?? household.Culture;
        var birth = dob ?? DobForAge(age);
        given ??= GivenNames.Given(personCulture, sex, birth.Year, _random);
        if (personCulture == Culture.Sikh)
            middle = sex == Sex.Male ? "Singh" : "Kaur";
        else
            middle ??= GivenNames.Middle(personCulture, sex, birth.Year, _random);
        if (middle == given) middle = null;

        var knownByMiddle = middle is not null && personCulture != Culture.Sikh && Chance(personCulture switch
        {
            Culture.Chinese => 0.4,
            Culture.WestAfrican => 0.15,
            _ => 0.03,
        });

        if (mobile is null && age >= 16 && Chance(0.85)) mobile = OtherIdentifiers.Mobile(_random);
        return new Person
        {
            Sex = sex,
            Culture = personCulture,
            GivenName = given,
            MiddleNames = middle,
            FamilyName = family,
            MaidenName = maiden,
            Dob = birth,
            NhsNumber = UniqueNhsNumber(),
            NiNumber = age >= 16 && Chance(0.96) ? UniqueNiNumber() : null,
            Household = household,
            Mobile = mobile,
            Email = age >= 16 && Chance(0.55) ? Email(given, family, birth) : null,
            KnownByMiddleName = knownByMiddle,
        };
    }

    private void Add(Person person)
    {
        _people.Add(person);
        person.Id = _people.Count;
    }

    private string Email(string given, string family, DateOnly dob)
    {
        var g = LettersOnlyLower(given);
        var f = LettersOnlyLower(family);
        var domain = EmailDomains[_random.Next(EmailDomains.Length)];
        var local = _random.Next(7) switch
        {
            0 => g + "." + f,
            1 => g + f,
            2 => g[0] + "." + f,
            3 => g + "." + f + (10 + _random.Next(90)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => g + "_" + f,
            5 => f + "." + g,
            _ => g + (dob.Year % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
        };
        return local + "@" + domain;
    }

    /// <summary>Names repeat endlessly, so their email-safe forms are worked out once (look-up only, never enumerated).</summary>
    private string LettersOnlyLower(string name)
    {
        if (!_emailForms.TryGetValue(name, out var form))
        {
            form = Text.LettersOnlyLower(name);
            _emailForms.Add(name, form);
        }
        return form;
    }

    private string UniqueNhsNumber()
    {
        string number;
        do number = NhsNumbers.NewValid(_random); while (!_nhsNumbers.Add(number));
        return number;
    }

    private string UniqueNiNumber()
    {
        string number;
        do number = OtherIdentifiers.NiNumber(_random); while (!_niNumbers.Add(number));
        return number;
    }

    private int RandomAge() => Math.Min(100, AgeBandPicker.Pick(_random) * 5 + _random.Next(5));

    private DateOnly DobForAge(int age) =>
        ExtractDate.AddDays(-(int)((age + _random.NextDouble()) * 365.2425));

    private Sex RandomSex() => _random.Next(2) == 0 ? Sex.Male : Sex.Female;

    private static Sex Opposite(Sex sex) => sex == Sex.Male ? Sex.Female : Sex.Male;

    private bool Chance(double probability) => _random.NextDouble() < probability;
}
