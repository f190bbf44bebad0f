using System.Globalization;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Linkage;

namespace PatientIndex.StewardBench;

/// <summary>
/// Opens review tasks in a stopped server's SQLite store, between records it already holds, so the queue
/// can be measured at the size a nightly extract of a large population leaves: ages over the last 30 days,
/// probabilities across the review band, the reasons the engine writes.
/// </summary>
internal static class SeedTasks
{
    private static readonly string[] Reasons =
    [
        "same family name and birth date, different given names: possible twins",
        "same family name and home, different given names: possible siblings",
        "same name and home, birth dates years apart: possible parent and child",
        "agree: given name, family name; close: birth date (day and month swapped); differ: postcode",
        "agree: family name, birth date; close: given name (nickname); differ: NHS number",
        "agree: given name, birth date, postcode; close: family name (a keystroke or two apart)",
        "agree: given name, family name, town; differ: birth date",
    ];

    public static void Run(string store, int tasks, int seed)
    {
        var random = new Random(seed);
        using var connection = new SqliteConnection($"Data Source={store}");
        connection.Open();
        var records = new List<(string Source, string RecordId, string PersonId)>(tasks * 2);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT source, record_id, person_id FROM links LIMIT $n";
            read.Parameters.AddWithValue("$n", tasks * 2);
            using var rows = read.ExecuteReader();
            while (rows.Read()) records.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2)));
        }
        if (records.Count < 2) throw new InvalidOperationException($"{store} holds too few records to open tasks between");
        using var transaction = connection.BeginTransaction();
        using var task = Command(connection, transaction, """
            INSERT INTO review_tasks (task_id, created_at, source, record_id, person_id, reason, reason_kind, probability, status)
            VALUES ($id, $at, $source, $record, $person, $reason, $kind, $probability, 'open')
            """, "$id", "$at", "$source", "$record", "$person", "$reason", "$kind", "$probability");
        using var candidate = Command(connection, transaction, """
            INSERT INTO review_task_candidates (task_id, source, record_id, person_id, probability) VALUES ($id, $source, $record, $person, $probability)
            """, "$id", "$source", "$record", "$person", "$probability");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < tasks; i++)
        {
            var (a, b) = (records[random.Next(records.Count)], records[random.Next(records.Count)]);
            if (a == b) continue;
            var id = $"bench{i:D8}{random.Next():x8}";
            var probability = 0.25 + random.NextDouble() * 0.74;
            var at = now - TimeSpan.FromMinutes(random.Next(30 * 24 * 60));
            var reason = Reasons[random.Next(Reasons.Length)];
            Execute(task, id, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), a.Source, a.RecordId, a.PersonId,
                reason, (object?)ReviewReason.KindOf(reason) ?? DBNull.Value, probability);
            Execute(candidate, id, b.Source, b.RecordId, b.PersonId, probability);
        }
        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Execute(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
