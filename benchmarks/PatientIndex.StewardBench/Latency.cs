using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PatientIndex.StewardBench;

/// <summary>
/// How long the queue, a task and a search take to answer, measured in the browser (request sent to last
/// byte) against a running server: queue pages at several filters and depths, task pages, and searches
/// built from records the store holds. Prints p50 / p95 / max per view.
/// </summary>
internal static class Latency
{
    public static void Run(Browser browser, string store, int samples, int seed)
    {
        var random = new Random(seed);
        var (records, tasks, open) = Sample(store, samples, random);
        Console.WriteLine($"store: {store}; {open:N0} open review tasks; {samples} samples a view");
        var views = new (string Name, Func<int, string> Path)[]
        {
            ("queue, first page", _ => "/steward"),
            ("queue, most likely first", _ => "/steward?order=likely"),
            ("queue, a deep page", i => $"/steward?offset={50 * random.Next(Math.Max(1, (int)Math.Min(open, 100_000) / 50))}"),
            ("queue, reason kind + band", i => $"/steward?kind={new[] { "refused", "twins", "siblings", "nhs-differs", "name-close", "dob-close", "parent-child" }[i % 7]}&band={new[] { "0.5-0.8", "0.8-0.95", "over-0.95" }[i % 3]}"),
            ("queue, source + age", i => $"/steward?source={records[i].Source}&age={new[] { "day", "week", "older" }[i % 3]}"),
            ("task", i => $"/steward/tasks/{tasks[i % tasks.Count]}"),
            ("search, name + birth date", i => $"/steward/search?name={E($"{records[i].Given} {records[i].Family}")}&dob={E(records[i].Dob)}"),
            ("search, NHS number", i => $"/steward/search?nhs={E(records[i].Nhs)}"),
            ("search, name + postcode", i => $"/steward/search?name={E($"{records[i].Given} {records[i].Family}")}&postcode={E(records[i].Postcode)}"),
            ("search, source record id", i => $"/steward/search?source={E(records[i].Source)}&recordId={E(records[i].RecordId)}"),
        };
        Console.WriteLine($"{"view",-28} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, path) in views)
        {
            for (var i = 0; i < 5; i++) browser.Time(path(i));
            var times = Enumerable.Range(0, samples).Select(i => browser.Time(path(i))).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {Quantile(times, 0.5),8:0.0} {Quantile(times, 0.95),8:0.0} {times[^1],8:0.0}"));
        }
    }

    private sealed record Sampled(string Source, string RecordId, string Given, string Family, string Dob, string Nhs, string Postcode);

    private static (List<Sampled> Records, List<string> Tasks, long Open) Sample(string store, int samples, Random random)
    {
        using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly");
        connection.Open();
        var records = new List<Sampled>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """
                SELECT source, record_id, given_name, family_name, dob, nhs_number, postcode FROM source_records
                WHERE rowid >= $from AND given_name IS NOT NULL AND family_name IS NOT NULL AND dob IS NOT NULL AND nhs_number IS NOT NULL AND postcode IS NOT NULL
                LIMIT 1
                """;
            var from = read.Parameters.Add(new SqliteParameter { ParameterName = "$from" });
            var rows = Scalar<long>(connection, "SELECT max(rowid) FROM source_records");
            while (records.Count < samples)
            {
                from.Value = random.NextInt64(1, rows);
                using var row = read.ExecuteReader();
                if (row.Read())
                    records.Add(new Sampled(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6)));
            }
        }
        var tasks = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT task_id FROM review_tasks WHERE status = 'open' ORDER BY random() LIMIT $n";
            read.Parameters.AddWithValue("$n", samples);
            using var rows = read.ExecuteReader();
            while (rows.Read()) tasks.Add(rows.GetString(0));
        }
        if (tasks.Count == 0) throw new InvalidOperationException($"{store} has no open review task: seed some with seed-tasks");
        return (records, tasks, Scalar<long>(connection, "SELECT count(*) FROM review_tasks WHERE status = 'open'"));
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static string E(string text) => Uri.EscapeDataString(text);

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
