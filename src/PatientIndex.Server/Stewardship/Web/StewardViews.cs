using System.Globalization;
using System.Text;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using static PatientIndex.Server.Stewardship.Web.StewardLayout;

namespace PatientIndex.Server.Stewardship.Web;

/// <summary>The HTML of each steward page body, from the workflow's read models.</summary>
internal static class StewardViews
{
    public static string Queue(ReviewTaskPage page, ReviewTaskStatus status, string order, string? source, string? reason, int offset, int size)
    {
        var rows = new StringBuilder();
        foreach (var t in page.Tasks)
            rows.Append($"""
                <tr class="task" data-href="/steward/tasks/{E(t.TaskId)}"><td>{Age(t.CreatedAt)}</td><td><a href="/steward/tasks/{E(t.TaskId)}">{E(t.Record)}</a></td>
                <td>{E(t.Reason)}</td><td class="prob">{t.Probability:0.000}</td><td>{E(string.Join(", ", t.Candidates.Select(c => c.Record)))}</td></tr>
                """);
        var statusText = status == ReviewTaskStatus.Deferred ? "deferred" : "open";
        var more = offset + page.Tasks.Count < page.Total
            ? $"""<a class="button" href="/steward?status={statusText}&order={E(order)}&source={E(source)}&reason={E(reason)}&offset={offset + size}">Next page</a>""" : "";
        return $"""
            <form class="filters" method="get" action="/steward"><input type="hidden" name="status" value="{statusText}">
            <select name="order"><option value="oldest"{(order == "oldest" ? " selected" : "")}>Oldest first</option><option value="likely"{(order == "likely" ? " selected" : "")}>Most likely first</option></select>
            <input name="source" placeholder="source" value="{E(source)}"><input name="reason" placeholder="reason contains" value="{E(reason)}">
            <button>Filter</button><span class="muted">{page.Total} {statusText} task(s)</span></form>
            <table id="queue"><thead><tr><th>Age</th><th>Record</th><th>Why it needs a look</th><th>Probability</th><th>Candidates</th></tr></thead>
            <tbody>{(page.Tasks.Count == 0 ? "<tr><td colspan=5 class=muted>Nothing to review.</td></tr>" : rows.ToString())}</tbody></table>{more}
            """;
    }

    public static string Task(ReviewTaskView view, string antiforgery)
    {
        var task = view.Task;
        var fields = CanonicalFields.All.Skip(2).ToList();
        var head = new StringBuilder("<tr><th>Field</th>");
        head.Append($"<th>{E(task.Record)} <span class=muted>(person <a href=\"/steward/persons/{E(view.Record?.Link.PersonId)}\">{Short(view.Record?.Link.PersonId)}</a>)</span></th>");
        foreach (var c in view.Candidates)
            head.Append($"<th>{E(c.Stored.Key)} <span class=muted>(person <a href=\"/steward/persons/{E(c.Stored.Link.PersonId)}\">{Short(c.Stored.Link.PersonId)}</a>)</span></th>");
        head.Append("</tr>");
        var body = new StringBuilder();
        foreach (var f in fields)
        {
            var mine = view.Record?.Record[f];
            if (mine is null && view.Candidates.All(c => c.Stored.Record[f] is null)) continue;
            body.Append($"<tr><th>{CanonicalFields.HeaderOf(f)}</th><td>{E(mine)}</td>");
            foreach (var c in view.Candidates)
            {
                var css = c.Differing.Contains(f) ? "diff" : mine is not null && c.Stored.Record[f] is not null ? "same" : "";
                body.Append($"<td class=\"{css}\">{E(c.Stored.Record[f])}</td>");
            }
            body.Append("</tr>");
        }
        var evidence = new StringBuilder();
        foreach (var c in view.Candidates.Where(c => c.Explained is not null))
            evidence.Append(Evidence(c));
        var resolvable = task.Status != ReviewTaskStatus.Resolved && view.Record is not null;
        var resolved = task.Resolution is { } r
            ? $"<p class=\"flash ok\">{E(task.Status)} by {E(r.Actor)} at {r.At:yyyy-MM-dd HH:mm}: {E(r.Verdict)} — {E(r.Reason)}</p>" : "";
        return $"""
            <p><b>{E(task.Reason)}</b> · probability <span class="prob">{task.Probability:0.000}</span> · opened {Age(task.CreatedAt)} ago · status <span id="status">{E(task.Status)}</span></p>
            {resolved}
            {(resolvable ? Resolve(task, antiforgery) : "")}
            <h2>Side by side</h2><table id="compare"><thead>{head}</thead><tbody>{body}</tbody></table>
            <p class="muted">Red: the values differ. Green: they agree.</p>
            <h2>Why the engine scored it so</h2><div class="grid">{evidence}</div>
            """;
    }

    private static string Resolve(ReviewTask task, string antiforgery) => $"""
        <form method="post" action="/steward/tasks/{E(task.TaskId)}/resolve" class="actions" id="resolve">{antiforgery}
        <label>Reason <input type="text" name="reason" placeholder="optional: what settled it"></label>
        <button class="same" name="verdict" value="same" data-key="s" id="same">Same person<kbd>s</kbd></button>
        <button class="diff" name="verdict" value="different" data-key="d" id="different">Different persons<kbd>d</kbd></button>
        <button class="defer" name="verdict" value="defer" data-key="f" id="defer">Defer<kbd>f</kbd></button>
        </form>
        """;

    private static string Evidence(CandidateView c)
    {
        var explained = c.Explained!;
        var rows = new StringBuilder();
        for (var i = 0; i < ComparisonSchema.Count; i++)
        {
            var level = explained.Comparison.Levels[i];
            var bits = explained.Contributions[i];
            if (level == 0 && bits == 0) continue;
            var definition = ComparisonSchema.Comparisons[i];
            var width = Math.Min(120, Math.Abs(bits) * 8);
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{definition.Name}</td><td>{E(definition.LevelName(level))}</td><td class="prob">{bits:+0.0;-0.0;0}</td>
                <td><span class="bar {(bits >= 0 ? "pos" : "neg")}" style="width:{width:0}px"></span></td></tr>
                """);
        }
        return $"""
            <div class="card"><b>{E(c.Stored.Key)}</b> · probability <span class="prob">{explained.Probability:0.000}</span>
            <table class="evidence"><thead><tr><th>Comparison</th><th>Level</th><th>Bits</th><th></th></tr></thead><tbody>{rows}</tbody></table></div>
            """;
    }

    public static string Person(string personId, HistoryView history, string antiforgery)
    {
        var records = new StringBuilder();
        foreach (var r in history.Person?.Records ?? [])
            records.Append($"""
                <tr><td>{E(r.Key)}</td><td>{E(r.Record.GivenName)} {E(r.Record.FamilyName)}</td><td>{E(r.Record.Dob)}</td><td>{E(r.Record.NhsNumber)}</td><td>{E(r.Record.Postcode)}</td>
                <td>{(r.Link.Confirmed ? "confirmed" : E(r.Link.Outcome))}</td><td>
                <form method="post" action="/steward/records/unlink" class="inline">{antiforgery}<input type="hidden" name="source" value="{E(r.Key.Source)}"><input type="hidden" name="recordId" value="{E(r.Key.RecordId)}"><input type="hidden" name="personId" value="{E(personId)}">
                <button class="link" name="mode" value="own">unlink to own person</button> · <button class="link" name="mode" value="rematch">unlink and re-match</button></form></td></tr>
                """);
        var merges = new StringBuilder();
        foreach (var m in history.Merges)
            merges.Append($"""
                <tr><td>{m.At:yyyy-MM-dd HH:mm}</td><td>{E(m.Actor)}</td><td><a href="/steward/persons/{E(m.FromPersonId)}">{Short(m.FromPersonId)}</a> → <a href="/steward/persons/{E(m.IntoPersonId)}">{Short(m.IntoPersonId)}</a></td>
                <td>{E(string.Join(", ", m.Records))}</td><td>{E(m.Reason)}</td><td>{(m.Undone is { } u ? $"undone by {E(u.Actor)}" : $"""
                <form method="post" action="/steward/merges/{E(m.MergeId)}/undo" class="inline">{antiforgery}<input type="hidden" name="personId" value="{E(personId)}"><button class="diff undo">Undo merge</button></form>
                """)}</td></tr>
                """);
        var events = new StringBuilder();
        foreach (var e in history.Events.Reverse())
            events.Append($"""
                <tr><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{E(e.Actor)}</td><td>{E(e.Kind)}</td><td>{E(e.Record)}</td>
                <td>{Short(e.FromPersonId)} → {Short(e.ToPersonId)}</td><td>{E(e.Reason)}</td></tr>
                """);
        var merge = history.Person is null ? "<p class=muted>This person is retired (merged or emptied); its history stays.</p>" : $"""
            <form method="post" action="/steward/persons/{E(personId)}/merge" class="actions" id="merge">{antiforgery}
            <label>Merge this person into person <input type="text" name="into" id="into" placeholder="person id" required></label>
            <label>Reason <input type="text" name="reason"></label><button>Merge</button></form>
            """;
        return $"""
            <p class="muted" id="person-id">{E(personId)}</p>
            <h2>Records</h2><table id="records"><thead><tr><th>Record</th><th>Name</th><th>Born</th><th>NHS number</th><th>Postcode</th><th>Link</th><th></th></tr></thead><tbody>{records}</tbody></table>
            {merge}
            <h2>Merges</h2><table id="merges"><thead><tr><th>When</th><th>Who</th><th>Persons</th><th>Records moved</th><th>Why</th><th></th></tr></thead>
            <tbody>{(history.Merges.Count == 0 ? "<tr><td colspan=6 class=muted>None.</td></tr>" : merges.ToString())}</tbody></table>
            <h2>History</h2><table id="history"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Record</th><th>From → to</th><th>Why</th></tr></thead><tbody>{events}</tbody></table>
            """;
    }

    private static string Short(string? personId) => personId is null ? "—" : E(personId.Length > 8 ? personId[^8..] : personId);

    private static string Age(DateTimeOffset at)
    {
        var age = DateTimeOffset.UtcNow - at;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
    }
}
