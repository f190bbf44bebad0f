using PatientIndex.Core.Jobs;
using Spectre.Console;

namespace PatientIndex.Cli.Output;

/// <summary>An extract job's report as the operator reads it: one row per source and a total.</summary>
public static class ReportTable
{
    public static void Print(ExtractReport report, string title)
    {
        if (Console.IsOutputRedirected) { PrintPlain(report, title); return; }
        var table = new Table().Title(title).AddColumns("source", "new", "updated", "unchanged", "withdrawn", "linked", "new persons", "moved", "sent to review");
        foreach (var (source, tally) in report.Sources) table.AddRow(Row(source, tally));
        if (report.Sources.Count > 1) table.AddRow(Row("total", report.Total));
        AnsiConsole.Write(table);
        PrintRejected(report);
    }

    /// <summary>For logs: one line per source, whatever the width.</summary>
    private static void PrintPlain(ExtractReport report, string title)
    {
        Console.WriteLine(title);
        foreach (var (source, t) in report.Sources.Append(new KeyValuePair<string, SourceTally>("total", report.Total)).Where(_ => report.Sources.Count > 0))
            Console.WriteLine($"  {source}: new {t.New:N0}, updated {t.Updated:N0}, unchanged {t.Unchanged:N0}, withdrawn {t.Withdrawn:N0}, " +
                $"linked {t.Linked:N0}, new persons {t.NewPersons:N0}, moved {t.Moved:N0}, sent to review {t.SentToReview:N0}");
        PrintRejected(report);
    }

    private static void PrintRejected(ExtractReport report)
    {
        if (report.Rejected > 0 || report.IdenticalRepeats > 0)
            Console.WriteLine($"  rows rejected: {report.Rejected:N0}; identical repeats linked once: {report.IdenticalRepeats:N0}");
        foreach (var row in report.RejectedRows.Take(20)) Console.WriteLine("  rejected: " + row);
    }

    private static string[] Row(string source, SourceTally t) =>
    [
        Markup.Escape(source), N(t.New), N(t.Updated), N(t.Unchanged), N(t.Withdrawn), N(t.Linked), N(t.NewPersons), N(t.Moved), N(t.SentToReview),
    ];

    private static string N(int value) => value.ToString("N0");
}
