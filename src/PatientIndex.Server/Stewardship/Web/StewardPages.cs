using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using PatientIndex.Server.Security;
using PatientIndex.Core.Stewardship;
using PatientIndex.Server.Auditing;
using PatientIndex.Core.Store;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PatientIndex.Server.Stewardship.Web;

/// <summary>
/// The steward web page at <c>/steward</c>: server-rendered HTML over the same workflow as the gRPC
/// service. A steward signs in at the OIDC issuer (authorization code + PKCE) and is kept in a
/// data-protected cookie; the acting user is that sign-in's subject. Every form posts with an
/// antiforgery token bound to the signed-in user.
/// </summary>
internal static class StewardPages
{
    private const int SearchLimit = 50;

    public static void MapStewardPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/steward/signed-out", (HttpContext http) => Render<MessagePage>(new
        {
            Frame = new PageFrame("Signed out", StewardSection.SignedOut, null, null),
            Href = "/steward", LinkText = "Sign in again", LinkId = "signin",
        })).AllowAnonymous();
        var steward = app.MapGroup("/steward").RequireAuthorization(SecurityRegistration.StewardPage).Audited(HttpAudit.Web);
        steward.MapGet("", Queue);
        steward.MapGet("/search", Search);
        steward.MapGet("/tasks/{taskId}", Task);
        steward.MapGet("/persons/{personId}", Person);
        steward.MapPost("/signout", SignOut);
        steward.MapPost("/tasks/{taskId}/resolve", Resolve);
        steward.MapPost("/tasks/bulk", Bulk);
        steward.MapPost("/persons/{personId}/merge", Merge);
        steward.MapPost("/merges/{mergeId}/undo", Undo);
        steward.MapPost("/records/unlink", Unlink);
    }

    private static async Task<IResult> Queue(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, TimeProvider clock,
        string? status, string? source, string? kind, string? band, string? age, string? order, int? offset, string? done, string? error)
    {
        var filter = QueueFilter.From(status, source, kind, band, age, order, offset);
        var view = await workflow.TriageAsync(filter, http.RequestAborted);
        var start = filter.Status == ReviewTaskStatus.Open && ActingUser.Of(http.User) is { } steward ? await workflow.NextTaskForAsync(steward, http.RequestAborted) : null;
        var (title, section) = filter.Status switch
        {
            ReviewTaskStatus.Deferred => ("Deferred review tasks", StewardSection.Deferred),
            ReviewTaskStatus.Resolved => ("Resolved review tasks", StewardSection.Resolved),
            _ => ("Review queue", StewardSection.Queue),
        };
        return Render<QueuePage>(new { Frame = Frame(http, antiforgery, title, section, done, error), View = view, Start = start, Now = clock.GetUtcNow() });
    }

    private static async Task<IResult> Search(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery,
        string? name, string? dob, string? nhs, string? postcode, string? source, string? recordId, string? merge, string? error)
    {
        var search = new PersonSearch(name, dob, nhs, postcode, source, recordId);
        IReadOnlyList<PersonFound>? results = search.IsEmpty ? null : await workflow.SearchAsync(search, SearchLimit, http.RequestAborted);
        var title = merge is null ? "Find a person" : "Find the person to merge into";
        return Render<SearchPage>(new { Frame = Frame(http, antiforgery, title, StewardSection.Search, error: error), Search = search, Results = results, MergeFrom = merge });
    }

    private static async Task<IResult> Task(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, TimeProvider clock, string taskId, string? error)
    {
        var view = await workflow.ViewAsync(taskId, http.RequestAborted);
        if (view is null)
        {
            AuditScope.Current?.Refuses($"no review task {taskId}");
            return Render<MessagePage>(new { Frame = Frame(http, antiforgery, "Review task not found", StewardSection.Task, error: $"no review task {taskId}") }, 404);
        }
        var heldBy = view.Task.Status == ReviewTaskStatus.Resolved || ActingUser.Of(http.User) is not { } steward ? null : await workflow.ClaimAsync(taskId, steward, http.RequestAborted);
        return Render<TaskPage>(new { Frame = Frame(http, antiforgery, $"Review task {view.Task.Record}", StewardSection.Task, error: error), View = view, HeldBy = heldBy, Now = clock.GetUtcNow() });
    }

    private static async Task<IResult> Person(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string personId, string? done, string? error)
    {
        var history = await workflow.HistoryOfPersonAsync(personId, http.RequestAborted);
        return Render<PersonPage>(new { Frame = Frame(http, antiforgery, "Person", StewardSection.Person, done, error), PersonId = personId, History = history });
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        await ValidFormAsync(http, antiforgery);
        await http.SignOutAsync(SecurityRegistration.StewardCookie);
        return Results.Redirect("/steward/signed-out");
    }

    private static Task<IResult> Resolve(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string taskId) =>
        ActAsync(http, antiforgery, $"/steward/tasks/{Uri.EscapeDataString(taskId)}", async (form, user) =>
        {
            var verdict = VerdictOf(form["verdict"].ToString());
            await workflow.ResolveAsync(taskId, verdict, [], false, form["reason"].ToString(), user, http.RequestAborted);
            var next = await workflow.NextTaskForAsync(user, http.RequestAborted);
            var done = Uri.EscapeDataString($"{verdict} recorded.");
            return next is not null ? $"/steward/tasks/{Uri.EscapeDataString(next)}" : $"/steward?done={done}";
        });

    private static Task<IResult> Bulk(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery) =>
        ActAsync(http, antiforgery, "/steward", async (form, user) =>
        {
            var verdict = VerdictOf(form["verdict"].ToString());
            var back = form["back"].ToString() is { Length: > 0 } b && b.StartsWith("/steward", StringComparison.Ordinal) ? b : "/steward";
            var tasks = form["task"].Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).Distinct().ToList();
            if (tasks.Count == 0) throw new StewardshipException(StewardshipError.Refused, "select at least one task for a bulk decision");
            var refused = new List<string>();
            foreach (var taskId in tasks)
            {
                try { await workflow.ResolveAsync(taskId, verdict, [], false, form["reason"].ToString(), user, http.RequestAborted); }
                catch (StewardshipException e) { refused.Add($"{taskId}: {e.Message}"); }
            }
            var done = $"{verdict} recorded for {tasks.Count - refused.Count} task(s)" + (refused.Count > 0 ? $"; refused {refused.Count}: {string.Join("; ", refused)}" : ".");
            return back + (back.Contains('?') ? "&" : "?") + "done=" + Uri.EscapeDataString(done);
        });

    private static Task<IResult> Merge(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string personId) =>
        ActAsync(http, antiforgery, PersonPath(personId), async (form, user) =>
        {
            var into = form["into"].ToString().Trim();
            var outcome = await workflow.MergeAsync(personId, into, false, form["reason"].ToString(), user, http.RequestAborted);
            return PersonPath(into) + "?done=" + Uri.EscapeDataString($"merged (merge {outcome.MergeId})");
        });

    private static Task<IResult> Undo(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string mergeId) =>
        ActAsync(http, antiforgery, "/steward", async (form, user) =>
        {
            var outcome = await workflow.UnmergeAsync(mergeId, "undone from the steward page", user, http.RequestAborted);
            var left = outcome.NotRestored is { Count: > 0 } n ? $"; left where later decisions put them: {string.Join(", ", n)}" : "";
            return PersonPath(form["personId"].ToString()) + "?done=" + Uri.EscapeDataString($"merge undone{left}");
        });

    private static Task<IResult> Unlink(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery) =>
        ActAsync(http, antiforgery, "/steward", async (form, user) =>
        {
            var key = new RecordKey(form["source"].ToString(), form["recordId"].ToString());
            var mode = form["mode"] == "rematch" ? UnlinkMode.Rematch : UnlinkMode.OwnPerson;
            await workflow.UnlinkAsync(key, mode, "unlinked on the steward page", user, http.RequestAborted);
            return PersonPath(form["personId"].ToString()) + "?done=" + Uri.EscapeDataString($"{key} unlinked");
        });

    /// <summary>Validates the form, runs the action as the signed-in user, and redirects: onward, or back with the refusal.</summary>
    private static async Task<IResult> ActAsync(HttpContext http, IAntiforgery antiforgery, string back, Func<IFormCollection, string, Task<string>> action)
    {
        IFormCollection form;
        try { form = await ValidFormAsync(http, antiforgery); }
        catch (BadHttpRequestException e)
        {
            // The client's mistake (a stale page, a forged or malformed post): one warning line, no stack trace.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PatientIndex.Server.Stewardship.Web.StewardPages")
                .LogWarning("Refused a steward form posted to {Path}: {Reason}", http.Request.Path.Value, e.Message);
            AuditScope.Current?.Refuses(e.Message);
            return Results.Text(e.Message, "text/plain", statusCode: e.StatusCode);
        }
        var user = ActingUser.Of(http.User) ?? throw new BadHttpRequestException("the sign-in names no usable subject ('sub')", 403);
        try
        {
            return Results.Redirect(await action(form, user));
        }
        catch (StewardshipException e)
        {
            AuditScope.Current?.Refuses(e.Message);
            var to = form["personId"].ToString() is { Length: > 0 } p && back == "/steward" ? PersonPath(p) : back;
            return Results.Redirect($"{to}?error={Uri.EscapeDataString(e.Message)}");
        }
    }

    private static async Task<IFormCollection> ValidFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try { await antiforgery.ValidateRequestAsync(http); }
        catch (AntiforgeryValidationException e)
        {
            throw new BadHttpRequestException("this form was not sent by the steward page (or has expired): reload the page and try again", 400, e);
        }
        try { return await http.Request.ReadFormAsync(http.RequestAborted); }
        catch (InvalidDataException e) { throw new BadHttpRequestException($"the form could not be read ({e.Message})", 400, e); }
    }

    private static PageFrame Frame(HttpContext http, IAntiforgery antiforgery, string title, StewardSection section, string? message = null, string? error = null) =>
        new(title, section, new Caller(http.User).DisplayName ?? "", antiforgery.GetAndStoreTokens(http), message, error);

    private static RazorComponentResult Render<TPage>(object parameters, int statusCode = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode, PreventStreamingRendering = true };

    private static ReviewVerdict VerdictOf(string verdict) => verdict switch
    {
        "same" => ReviewVerdict.SamePerson,
        "different" => ReviewVerdict.DifferentPersons,
        _ => ReviewVerdict.Defer,
    };

    private static string PersonPath(string personId) => $"/steward/persons/{Uri.EscapeDataString(personId)}";

}
