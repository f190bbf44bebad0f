using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using PatientIndex.Server.Security;
using PatientIndex.Core.Stewardship;
using PatientIndex.Server.Auditing;
using PatientIndex.Core.Store;
using static PatientIndex.Server.Stewardship.Web.StewardLayout;

namespace PatientIndex.Server.Stewardship.Web;

/// <summary>
/// The steward web page at <c>/steward</c>: server-rendered HTML over the same workflow as the gRPC
/// service. A steward signs in at the OIDC issuer (authorization code + PKCE) and is kept in a
/// data-protected cookie; the acting user is that sign-in's subject. Every form posts with an
/// antiforgery token bound to the signed-in user.
/// </summary>
internal static class StewardPages
{
    private const int PageSize = 50;

    public static void MapStewardPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/steward/signed-out", () => Page("Signed out", null, "", "<p><a class=\"button\" href=\"/steward\" id=\"signin\">Sign in again</a></p>")).AllowAnonymous();
        var steward = app.MapGroup("/steward").RequireAuthorization(SecurityRegistration.StewardPage).Audited(HttpAudit.Web);
        steward.MapGet("", Queue);
        steward.MapGet("/tasks/{taskId}", Task);
        steward.MapGet("/persons/{personId}", Person);
        steward.MapPost("/signout", SignOut);
        steward.MapPost("/tasks/{taskId}/resolve", Resolve);
        steward.MapPost("/persons/{personId}/merge", Merge);
        steward.MapPost("/merges/{mergeId}/undo", Undo);
        steward.MapPost("/records/unlink", Unlink);
    }

    private static async Task<IResult> Queue(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string? status, string? order,
        string? source, string? reason, int? offset, string? done)
    {
        var user = DisplayName(http);
        var state = status == "deferred" ? ReviewTaskStatus.Deferred : ReviewTaskStatus.Open;
        var sort = order == "likely" ? "likely" : "oldest";
        var query = new ReviewTaskQuery
        {
            Status = state, Source = Blank(source), Reason = Blank(reason), Offset = Math.Max(0, offset ?? 0), Limit = PageSize,
            Order = sort == "likely" ? ReviewTaskOrder.MostLikelyFirst : ReviewTaskOrder.OldestFirst,
        };
        var page = await workflow.ListAsync(query, http.RequestAborted);
        var title = state == ReviewTaskStatus.Deferred ? "Deferred review tasks" : "Review queue";
        return Page(title, user, Token(http, antiforgery), StewardViews.Queue(page, state, sort, query.Source, query.Reason, query.Offset, PageSize), done);
    }

    private static async Task<IResult> Task(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string taskId, string? error)
    {
        var user = DisplayName(http);
        var view = await workflow.ViewAsync(taskId, http.RequestAborted);
        if (view is null)
        {
            AuditScope.Current?.Refuses($"no review task {taskId}");
            return Page("Review task not found", user, Token(http, antiforgery), "<p><a href=\"/steward\">Back to the queue</a></p>", error: $"no review task {taskId}");
        }
        return Page($"Review task {view.Task.Record}", user, Token(http, antiforgery), StewardViews.Task(view, Token(http, antiforgery)), error: error);
    }

    private static async Task<IResult> Person(HttpContext http, StewardWorkflow workflow, IAntiforgery antiforgery, string personId, string? done, string? error)
    {
        var user = DisplayName(http);
        var history = await workflow.HistoryOfPersonAsync(personId, http.RequestAborted);
        return Page("Person", user, Token(http, antiforgery), StewardViews.Person(personId, history, Token(http, antiforgery)), done, error);
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
            var verdict = form["verdict"].ToString() switch
            {
                "same" => ReviewVerdict.SamePerson,
                "different" => ReviewVerdict.DifferentPersons,
                _ => ReviewVerdict.Defer,
            };
            await workflow.ResolveAsync(taskId, verdict, [], false, form["reason"].ToString(), user, http.RequestAborted);
            var next = (await workflow.ListAsync(new ReviewTaskQuery { Limit = 1 }, http.RequestAborted)).Tasks;
            var done = Uri.EscapeDataString($"{verdict} recorded.");
            return next.Count > 0 ? $"/steward/tasks/{Uri.EscapeDataString(next[0].TaskId)}" : $"/steward?done={done}";
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

    private static string DisplayName(HttpContext http) => new Caller(http.User).DisplayName ?? "";

    private static string Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    private static string PersonPath(string personId) => $"/steward/persons/{Uri.EscapeDataString(personId)}";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
