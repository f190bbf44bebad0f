using System.Globalization;

namespace PatientIndex.Synth;

/// <summary>
/// Generates NHS-style extracts from three systems (GP, hospital, community) about one synthetic
/// population, with the ground truth, so the matching engine's accuracy can be measured.
/// </summary>
/// <remarks>
/// <para>
/// The population (<see cref="Population"/>) is built first: households, twins, parent/child namesakes,
/// married names and house moves. Each source then holds a subset of people, by age (GP ~90%, hospital
/// ~55%, community ~30%), a few of them twice, and writes every record through its own
/// <see cref="SourceProfile"/> of conventions and error rates. Records are written in a shuffled order
/// with sequential ids, so file position and id say nothing about who is who.
/// </para>
/// <para>
/// Determinism: everything is drawn from <see cref="Random"/> seeded with <see cref="SynthOptions.Seed"/>
/// (seeded <c>System.Random</c> is stable across runs and platforms), nothing is hashed, and no
/// unordered collection is enumerated into the output. Same options, byte-identical files.
/// </para>
/// </remarks>
public static class SyntheticExtracts
{
    internal const string TruthFileName = "truth.csv";
    internal const string HardNegativesFileName = "hard_negatives.csv";

    internal const string SourceHeader =
        "record_id,nhs_number,other_id,given_name,middle_names,family_name,dob,sex,postcode,address_line1,address_line2,city,phone,email";

    internal const string TruthHeader = "source,record_id,person_id";

    /// <summary>Writes gp.csv, hospital.csv, community.csv, truth.csv and hard_negatives.csv into the output directory (created if absent).</summary>
    public static SynthResult Generate(SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Persons, 1, nameof(options.Persons));
        // Only so many valid NHS numbers and NI numbers are drawn before uniqueness gets slow.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Persons, 20_000_000, nameof(options.Persons));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputDirectory, nameof(options.OutputDirectory));

        Directory.CreateDirectory(options.OutputDirectory);
        var random = new Random(options.Seed);
        var people = Population.Build(options.Persons, random);
        var profiles = SourceProfile.All;
        var memberships = Memberships(people, profiles, random);
        var sourceSeeds = new int[profiles.Count];
        for (var s = 0; s < sourceSeeds.Length; s++) sourceSeeds[s] = random.Next();

        var perSource = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        using (var truth = CsvOut.Create(Path.Combine(options.OutputDirectory, TruthFileName)))
        {
            truth.Write(TruthHeader);
            truth.Write('\n');
            for (var s = 0; s < profiles.Count; s++)
            {
                var written = WriteSource(profiles[s], people, memberships[s], new Random(sourceSeeds[s]), options.OutputDirectory, truth);
                perSource.Add(profiles[s].Name, written);
                total += written;
            }
        }
        WriteHardNegatives(people, options.OutputDirectory);
        return new SynthResult(people.Length, total, perSource);
    }

    /// <summary>Twins and parent/child namesakes: pairs of people who must never be merged, each pair once.</summary>
    private static void WriteHardNegatives(Person[] people, string directory)
    {
        using var writer = CsvOut.Create(Path.Combine(directory, HardNegativesFileName));
        writer.Write("person_a,person_b,kind\n");
        foreach (var person in people)
        {
            if (person.Twin is { } twin && person.Id < twin.Id) WritePair(writer, person, twin, "twin");
            if (person.Namesake is { } namesake && person.Id < namesake.Id) WritePair(writer, person, namesake, "namesake");
        }
    }

    private static void WritePair(StreamWriter writer, Person a, Person b, string kind) =>
        writer.Write($"{PersonId(a)},{PersonId(b)},{kind}\n");

    private static string PersonId(Person person) => "P" + person.Id.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>How many records (0, 1 or 2) each person has in each source; everyone has at least one somewhere.</summary>
    private static byte[][] Memberships(Person[] people, IReadOnlyList<SourceProfile> profiles, Random random)
    {
        var memberships = new byte[profiles.Count][];
        for (var s = 0; s < profiles.Count; s++) memberships[s] = new byte[people.Length];
        Span<double> coverage = stackalloc double[profiles.Count];

        for (var i = 0; i < people.Length; i++)
        {
            var age = people[i].Age;
            var any = false;
            for (var s = 0; s < profiles.Count; s++)
            {
                coverage[s] = profiles[s].Coverage(age);
                if (random.NextDouble() >= coverage[s]) continue;
                memberships[s][i] = 1;
                any = true;
            }
            if (!any)
            {
                // Nobody exists in none of the systems: put them in one, in proportion to coverage.
                var total = 0.0;
                foreach (var c in coverage) total += c;
                var target = random.NextDouble() * total;
                var chosen = 0;
                while (chosen < coverage.Length - 1 && target >= coverage[chosen])
                    target -= coverage[chosen++];
                memberships[chosen][i] = 1;
            }
            for (var s = 0; s < profiles.Count; s++)
                if (memberships[s][i] == 1 && random.NextDouble() < profiles[s].DuplicateRegistration)
                    memberships[s][i] = 2;
        }
        return memberships;
    }

    private static int WriteSource(SourceProfile profile, Person[] people, byte[] membership, Random random, string directory, StreamWriter truth)
    {
        // One slot per record: person index * 2 + (0 for the first registration, 1 for a duplicate).
        var count = 0;
        foreach (var m in membership) count += m;
        var slots = new int[count];
        var next = 0;
        for (var i = 0; i < membership.Length; i++)
            for (var k = 0; k < membership[i]; k++)
                slots[next++] = i * 2 + k;
        random.Shuffle(slots);

        var renderer = new RecordRenderer(profile, random, Nicknames.Instance);
        var fields = new string?[RecordRenderer.FieldCount];
        using var writer = CsvOut.Create(Path.Combine(directory, profile.Name + ".csv"));
        writer.Write(SourceHeader);
        writer.Write('\n');
        for (var n = 0; n < slots.Length; n++)
        {
            var person = people[slots[n] >> 1];
            var recordId = profile.RecordId(n + 1);
            fields[RecordRenderer.RecordIdField] = recordId;
            renderer.Render(person, duplicate: (slots[n] & 1) == 1, fields);
            CsvOut.WriteRow(writer, fields);

            truth.Write(profile.Name);
            truth.Write(',');
            truth.Write(recordId);
            truth.Write(',');
            truth.Write(PersonId(person));
            truth.Write('\n');
        }
        return slots.Length;
    }
}
