using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PatientIndex.Synth;

namespace PatientIndex.Cli.Tests.Synth;

/// <summary>One 2,000-person run shared by the read-only tests.</summary>
public sealed class GeneratedExtracts : IDisposable
{
    public const int Persons = 2_000;
    public const int Seed = 20_240_601;

    public GeneratedExtracts()
    {
        Directory = TempDirectory.Create();
        Result = SyntheticExtracts.Generate(new SynthOptions(Persons, Seed, Directory));
        foreach (var source in Sources)
            Files[source] = Csv.Read(Path.Combine(Directory, source + ".csv"));
        Truth = Csv.Read(Path.Combine(Directory, "truth.csv"));
    }

    public static readonly string[] Sources = ["gp", "hospital", "community"];

    public string Directory { get; }

    public SynthResult Result { get; }

    /// <summary>Rows of each source file, header first.</summary>
    public Dictionary<string, List<string[]>> Files { get; } = [];

    public List<string[]> Truth { get; }

    /// <summary>(source, record_id) → person_id.</summary>
    public Dictionary<(string Source, string RecordId), string> PersonOf() =>
        Truth.Skip(1).ToDictionary(row => (row[0], row[1]), row => row[2]);

    public IEnumerable<(string Source, string[] Row)> Records() =>
        Sources.SelectMany(source => Files[source].Skip(1).Select(row => (source, row)));

    public void Dispose() => TempDirectory.Delete(Directory);
}

public sealed class SyntheticExtractsTests : IClassFixture<GeneratedExtracts>
{
    private const string SourceHeader =
        "record_id,nhs_number,other_id,given_name,middle_names,family_name,dob,sex,postcode,address_line1,address_line2,city,phone,email";

    private const int NhsNumber = 1, GivenName = 3, FamilyName = 5, Dob = 6, Sex = 7;

    private readonly GeneratedExtracts theExtracts;

    public SyntheticExtractsTests(GeneratedExtracts extracts) => theExtracts = extracts;

    [Fact]
    public void twins_and_parent_child_namesakes_are_listed_as_hard_negatives_of_distinct_people_sharing_a_family_name()
    {
        var rows = Csv.Read(Path.Combine(theExtracts.Directory, "hard_negatives.csv"));
        Assert.Equal(["person_a", "person_b", "kind"], rows[0]);
        var pairs = rows.Skip(1).ToList();
        Assert.Contains(pairs, p => p[2] == "twin");
        Assert.Contains(pairs, p => p[2] == "namesake");
        Assert.All(pairs, p => Assert.NotEqual(p[0], p[1]));
        Assert.Equal(pairs.Count, pairs.Select(p => (p[0], p[1])).Distinct().Count());
    }

    [Fact]
    public void same_seed_writes_identical_files()
    {
        var again = TempDirectory.Create();
        try
        {
            SyntheticExtracts.Generate(new SynthOptions(GeneratedExtracts.Persons, GeneratedExtracts.Seed, again));
            foreach (var file in new[] { "gp.csv", "hospital.csv", "community.csv", "truth.csv" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(theExtracts.Directory, file)), File.ReadAllBytes(Path.Combine(again, file)));
        }
        finally
        {
            TempDirectory.Delete(again);
        }
    }

    [Fact]
    public void a_different_seed_writes_different_people()
    {
        var other = TempDirectory.Create();
        try
        {
            SyntheticExtracts.Generate(new SynthOptions(200, GeneratedExtracts.Seed + 1, other));
            var first = File.ReadLines(Path.Combine(theExtracts.Directory, "gp.csv")).Skip(1).Take(50);
            var second = File.ReadLines(Path.Combine(other, "gp.csv")).Skip(1).Take(50);
            Assert.NotEqual(first, second);
        }
        finally
        {
            TempDirectory.Delete(other);
        }
    }

    [Fact]
    public void the_output_directory_is_created_when_absent()
    {
        var parent = TempDirectory.Create();
        try
        {
            var nested = Path.Combine(parent, "a", "b");
            SyntheticExtracts.Generate(new SynthOptions(20, 1, nested));
            Assert.True(File.Exists(Path.Combine(nested, "gp.csv")));
            Assert.True(File.Exists(Path.Combine(nested, "truth.csv")));
        }
        finally
        {
            TempDirectory.Delete(parent);
        }
    }

    [Fact]
    public void every_source_file_has_the_canonical_header_and_fourteen_fields_per_row()
    {
        foreach (var source in GeneratedExtracts.Sources)
        {
            Assert.Equal(SourceHeader, File.ReadLines(Path.Combine(theExtracts.Directory, source + ".csv")).First());
            Assert.All(theExtracts.Files[source], row => Assert.Equal(14, row.Length));
        }
        Assert.Equal("source,record_id,person_id", File.ReadLines(Path.Combine(theExtracts.Directory, "truth.csv")).First());
    }

    [Fact]
    public void every_record_appears_once_in_truth()
    {
        var truthKeys = theExtracts.Truth.Skip(1).Select(row => (row[0], row[1])).ToList();
        var recordKeys = theExtracts.Records().Select(r => (r.Source, r.Row[0])).ToList();

        Assert.Equal(truthKeys.Count, truthKeys.Distinct().Count());
        Assert.Equal(recordKeys.OrderBy(k => k), truthKeys.OrderBy(k => k));
    }

    [Fact]
    public void every_person_appears_in_at_least_one_source()
    {
        var people = theExtracts.Truth.Skip(1).Select(row => row[2]).Distinct().ToList();

        Assert.Equal(GeneratedExtracts.Persons, people.Count);
        Assert.All(people, id => Assert.Matches("^P[0-9]{7}$", id));
    }

    [Fact]
    public void the_result_counts_what_was_written()
    {
        var result = theExtracts.Result;

        Assert.Equal(GeneratedExtracts.Persons, result.Persons);
        Assert.Equal(theExtracts.Truth.Count - 1, result.Records);
        foreach (var source in GeneratedExtracts.Sources)
            Assert.Equal(theExtracts.Files[source].Count - 1, result.RecordsPerSource[source]);
    }

    [Fact]
    public void sources_cover_roughly_ninety_fifty_and_thirty_percent_of_people()
    {
        var perSource = theExtracts.Truth.Skip(1).GroupBy(row => row[0])
            .ToDictionary(g => g.Key, g => g.Select(row => row[2]).Distinct().Count() / (double)GeneratedExtracts.Persons);

        Assert.InRange(perSource["gp"], 0.85, 0.96);
        Assert.InRange(perSource["hospital"], 0.45, 0.65);
        Assert.InRange(perSource["community"], 0.22, 0.40);
    }

    [Fact]
    public void some_people_are_registered_twice_in_the_same_source()
    {
        var duplicated = theExtracts.Truth.Skip(1).GroupBy(row => (row[0], row[2])).Count(g => g.Count() == 2);

        Assert.InRange(duplicated, 20, 150);
        Assert.DoesNotContain(theExtracts.Truth.Skip(1).GroupBy(row => (row[0], row[2])), g => g.Count() > 2);
    }

    [Fact]
    public void record_ids_are_unique_and_shaped_by_source()
    {
        var shapes = new Dictionary<string, string> { ["gp"] = "^G[0-9]{7}$", ["hospital"] = "^H[0-9]{7,}$", ["community"] = "^C-[0-9]{7}$" };
        foreach (var source in GeneratedExtracts.Sources)
        {
            var ids = theExtracts.Files[source].Skip(1).Select(row => row[0]).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Matches(shapes[source], id));
        }
    }

    [Fact]
    public void sex_is_written_in_each_sources_own_codes()
    {
        var codes = new Dictionary<string, string[]>
        {
            ["gp"] = ["M", "F", ""],
            ["hospital"] = ["male", "female", "unknown"],
            ["community"] = ["1", "2", "9"],
        };
        foreach (var (source, row) in theExtracts.Records())
            Assert.Contains(row[Sex], codes[source]);
    }

    [Fact]
    public void birth_dates_are_iso_and_real_outside_the_hospitals_deliberate_bad_values()
    {
        foreach (var (source, row) in theExtracts.Records())
        {
            if (row[Dob].Length == 0) continue;
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", row[Dob]);
            if (source != "hospital")
                Assert.True(DateOnly.TryParseExact(row[Dob], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), row[Dob]);
        }
    }

    [Fact]
    public void generated_valid_nhs_numbers_pass_modulus_11()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(5));

        Assert.All(people, person => Assert.True(NhsNumbers.IsValid(person.NhsNumber), person.NhsNumber));
        Assert.Equal(people.Length, people.Select(p => p.NhsNumber).Distinct().Count());
        Assert.True(NhsNumbers.IsValid("9434765919"));
        Assert.False(NhsNumbers.IsValid("9434765918"));
    }

    [Fact]
    public void mistyped_nhs_numbers_fail_modulus_11()
    {
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var number = NhsNumbers.NewValid(random);
            Assert.False(NhsNumbers.IsValid(NhsNumbers.Mistype(number, random)));
        }
    }

    [Fact]
    public void a_valid_nhs_number_in_the_extracts_always_belongs_to_one_person()
    {
        var personOf = theExtracts.PersonOf();
        var owners = theExtracts.Records()
            .Select(r => (Nhs: r.Row[NhsNumber].Replace(" ", ""), Person: personOf[(r.Source, r.Row[0])]))
            .Where(x => NhsNumbers.IsValid(x.Nhs))
            .GroupBy(x => x.Nhs);

        Assert.All(owners, g => Assert.Single(g.Select(x => x.Person).Distinct()));
    }

    [Fact]
    public void exact_nhs_number_agreement_finds_about_seventy_percent_of_true_pairs()
    {
        var personOf = theExtracts.PersonOf();
        var numbersByPerson = theExtracts.Records()
            .GroupBy(r => personOf[(r.Source, r.Row[0])])
            .Select(g => g.Select(r => r.Row[NhsNumber].Replace(" ", "")).ToList());
        long pairs = 0, agreeing = 0;
        foreach (var numbers in numbersByPerson)
            for (var i = 0; i < numbers.Count; i++)
                for (var j = i + 1; j < numbers.Count; j++)
                {
                    pairs++;
                    if (numbers[i].Length > 0 && numbers[i] == numbers[j]) agreeing++;
                }

        Assert.InRange(agreeing / (double)pairs, 0.6, 0.8);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(250)]
    public void the_population_has_exactly_the_requested_number_of_people(int count)
    {
        var people = Population.Build(count, new Random(count));

        Assert.Equal(count, people.Length);
        Assert.Equal(Enumerable.Range(1, count), people.Select(p => p.Id));
    }

    [Fact]
    public void twins_share_family_name_dob_and_address_but_not_nhs_number()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(3));
        var twins = people.Where(p => p.Twin is not null).ToList();

        Assert.InRange(twins.Count / (double)people.Length, 0.004, 0.025);
        Assert.All(twins, twin =>
        {
            var other = twin.Twin!;
            Assert.Same(twin, other.Twin);
            Assert.Equal(twin.FamilyName.Replace("ska", "ski"), other.FamilyName.Replace("ska", "ski"));
            Assert.Equal(twin.Dob, other.Dob);
            Assert.Same(twin.Household, other.Household);
            Assert.NotEqual(twin.GivenName, other.GivenName);
            Assert.NotEqual(twin.NhsNumber, other.NhsNumber);
        });
    }

    [Fact]
    public void namesakes_share_given_and_family_name_and_address_but_are_a_generation_apart()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(4));
        var namesakes = people.Where(p => p.Namesake is not null).ToList();

        Assert.InRange(namesakes.Count / (double)people.Length, 0.004, 0.025);
        Assert.All(namesakes, person =>
        {
            var other = person.Namesake!;
            Assert.Equal(person.GivenName, other.GivenName);
            Assert.Equal(person.FamilyName, other.FamilyName);
            Assert.Same(person.Household, other.Household);
            var years = Math.Abs(person.Dob.DayNumber - other.Dob.DayNumber) / 365.25;
            Assert.InRange(years, 19, 41);
            Assert.NotEqual(person.NhsNumber, other.NhsNumber);
        });
    }

    [Fact]
    public void about_thirty_percent_of_people_share_an_address_with_someone()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(6));
        var sharing = people.GroupBy(p => p.Household).Where(g => g.Count() > 1).Sum(g => g.Count());

        Assert.InRange(sharing / (double)people.Length, 0.22, 0.40);
    }

    [Fact]
    public void ages_run_from_newborn_to_a_hundred()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(7));
        var ages = people.Select(p => (Population.ExtractDate.DayNumber - p.Dob.DayNumber) / 365.2425).ToList();

        Assert.All(ages, age => Assert.InRange(age, 0, 101));
        Assert.Contains(ages, age => age < 5);
        Assert.Contains(ages, age => age > 85);
    }

    [Fact]
    public void postcodes_have_uk_shapes()
    {
        var shape = new Regex("^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$");
        var people = Population.Build(500, new Random(8));

        Assert.All(people, person => Assert.Matches(shape, person.Address.Postcode));
    }

    [Fact]
    public void other_ids_are_national_insurance_numbers_mostly_from_gp_and_community()
    {
        var ni = new Regex("^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$");
        var present = theExtracts.Files.ToDictionary(f => f.Key, f => f.Value.Skip(1).Count(row => row[2].Length > 0) / (double)(f.Value.Count - 1));
        var clean = theExtracts.Records().Select(r => r.Row[2]).Where(v => v.Length == 9 && char.IsUpper(v[0])).ToList();

        Assert.NotEmpty(clean);
        Assert.All(clean, value => Assert.Matches(ni, value));
        Assert.True(present["gp"] > 5 * present["hospital"]);
        Assert.True(present["community"] > 5 * present["hospital"]);
    }

    [Fact]
    public void given_names_include_nicknames_from_the_core_table()
    {
        var personOf = theExtracts.PersonOf();
        var nicknames = Nicknames.Instance;
        var variantsOfOnePerson = theExtracts.Records()
            .GroupBy(r => personOf[(r.Source, r.Row[0])])
            .Select(g => g.Select(r => r.Row[GivenName].Trim().ToLowerInvariant()).Distinct().ToList())
            .Count(names => names.Count > 1 && names.All(nicknames.Has));

        Assert.True(nicknames.Has("William"));
        Assert.Equal("William", nicknames.Alternative("Bill", new Random(1)));
        Assert.True(variantsOfOnePerson > 10, $"only {variantsOfOnePerson} people appear under nickname variants");
    }

    [Fact]
    public void the_nickname_file_holds_at_least_250_well_formed_groups()
    {
        using var stream = typeof(PatientIndex.Core.Records.SourceRecord).Assembly.GetManifestResourceStream("PatientIndex.Core.nicknames.csv");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var groups = lines.Where(line => !line.StartsWith('#')).ToList();

        Assert.StartsWith("#", lines[0]);
        Assert.True(groups.Count >= 250, $"{groups.Count} groups");
        Assert.All(groups, line => Assert.Matches("^[a-z]+(,[a-z]+)+$", line));
    }

    [Fact]
    public void the_hospital_profile_writes_impossible_dates_and_nhs_numbers_with_letters_when_asked()
    {
        var people = Population.Build(50, new Random(9));
        var renderer = new RecordRenderer(SourceProfile.Hospital with { BadFieldValue = 1.0, NhsMissing = 0, DobMissing = 0 }, new Random(10), Nicknames.Instance);
        var fields = new string?[RecordRenderer.FieldCount];
        var badDates = 0;
        var lettered = 0;
        foreach (var person in people)
        {
            renderer.Render(person, duplicate: false, fields);
            if (!DateOnly.TryParseExact(fields[Dob], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) badDates++;
            if (fields[NhsNumber]!.Any(char.IsLetter)) lettered++;
        }

        Assert.Equal(people.Length, badDates);
        Assert.Equal(people.Length, lettered);
    }

    [Fact]
    public void married_women_keep_their_maiden_name_in_sources_that_have_not_caught_up()
    {
        var people = Population.Build(GeneratedExtracts.Persons, new Random(12));
        var married = people.Where(p => p.MaidenName is not null).ToList();
        var renderer = new RecordRenderer(SourceProfile.Community with { MaidenNameStale = 1.0, FamilyTypo = 0, HyphenVariant = 0, ApostropheVariant = 0, UpperFamily = 0, UpperAll = 0, GivenFamilySwap = 0, ExtraSpaces = 0, DiacriticsFolded = 0 }, new Random(13), Nicknames.Instance);
        var fields = new string?[RecordRenderer.FieldCount];

        Assert.NotEmpty(married);
        Assert.All(married, person =>
        {
            Assert.Equal(global::PatientIndex.Synth.Sex.Female, person.Sex);
            renderer.Render(person, duplicate: false, fields);
            Assert.Equal(person.MaidenName, fields[FamilyName]);
        });
    }

    [Fact]
    public void fields_holding_commas_or_quotes_are_quoted_and_read_back_whole()
    {
        var raw = File.ReadAllText(Path.Combine(theExtracts.Directory, "hospital.csv"));
        var withComma = theExtracts.Files["hospital"].Skip(1).SelectMany(row => row).Where(v => v.Contains(',')).ToList();

        Assert.NotEmpty(withComma);
        Assert.All(withComma, value => Assert.Contains("\"" + value.Replace("\"", "\"\"") + "\"", raw));
    }
}

internal static class TempDirectory
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "patientindex-synth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}

/// <summary>A minimal RFC 4180 reader, independent of the generator's writer, for checking its output.</summary>
internal static class Csv
{
    public static List<string[]> Read(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add(fields.ToArray());
                fields.Clear();
            }
            else if (c != '\r') field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add(fields.ToArray());
        }
        return rows;
    }
}
