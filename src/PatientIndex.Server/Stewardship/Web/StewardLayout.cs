using System.Net;

namespace PatientIndex.Server.Stewardship.Web;

/// <summary>The page frame, the style sheet and the keyboard script of the steward pages. No front-end build: one HTML string.</summary>
internal static class StewardLayout
{
    public static string E(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");

    public static IResult Page(string title, string? user, string antiforgery, string body, string? message = null, string? error = null) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} · PatientIndex steward</title><style>{{Style}}</style></head>
        <body>
        <header><a class="brand" href="/steward">PatientIndex <span>steward</span></a>
        <nav><a href="/steward">Review queue</a><a href="/steward?status=deferred">Deferred</a></nav>
        <div class="who">{{(user is null ? "" : $"Signed in as <b id=\"user\">{E(user)}</b> <form method=\"post\" action=\"/steward/signout\" class=\"inline\">{antiforgery}<button class=\"link\">sign out</button></form>")}}</div></header>
        <main>
        {{(message is null ? "" : $"<p class=\"flash ok\" id=\"message\">{E(message)}</p>")}}
        {{(error is null ? "" : $"<p class=\"flash error\" id=\"error\">{E(error)}</p>")}}
        <h1>{{E(title)}}</h1>
        {{body}}
        </main>
        <script>{{Script}}</script>
        </body></html>
        """, "text/html; charset=utf-8");

    private const string Style = """
        :root { --ink:#1d2433; --muted:#5b6475; --line:#dde2ea; --bg:#f5f7fa; --accent:#005eb8; --same:#007f3b; --diff:#d5281b; --defer:#8a6d00; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
        header { display:flex; gap:24px; align-items:center; padding:10px 24px; background:var(--accent); color:#fff; }
        header a { color:#fff; text-decoration:none; } .brand { font-weight:700; font-size:18px; } .brand span { font-weight:400; opacity:.8; }
        nav a { margin-right:16px; opacity:.9; } .who { margin-left:auto; } .who button.link { color:#fff; }
        main { max-width:1200px; margin:0 auto; padding:16px 24px 48px; }
        h1 { font-size:22px; margin:8px 0 16px; } h2 { font-size:17px; margin:24px 0 8px; }
        table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); }
        th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
        th { background:#eef1f5; font-weight:600; font-size:13px; color:var(--muted); }
        tr.task:hover { background:#f0f6fd; cursor:pointer; }
        td.diff { background:#fde8e6; font-weight:600; } td.same { background:#e8f5ec; }
        .prob { font-variant-numeric:tabular-nums; font-weight:600; }
        .bar { display:inline-block; height:8px; border-radius:4px; vertical-align:middle; }
        .bar.pos { background:var(--same); } .bar.neg { background:var(--diff); }
        .actions { display:flex; gap:12px; flex-wrap:wrap; align-items:flex-end; margin:16px 0; padding:12px; background:#fff; border:1px solid var(--line); }
        button, .button { font:inherit; padding:8px 14px; border:0; border-radius:4px; color:#fff; background:var(--accent); cursor:pointer; }
        button.same { background:var(--same); } button.diff { background:var(--diff); } button.defer { background:var(--defer); }
        button.link { background:none; padding:0; color:var(--accent); text-decoration:underline; }
        kbd { font:12px monospace; padding:1px 5px; border:1px solid rgba(255,255,255,.6); border-radius:3px; margin-left:6px; }
        input[type=text] { font:inherit; padding:7px 9px; border:1px solid #b8c0cc; border-radius:4px; min-width:260px; }
        form.inline { display:inline; } .muted { color:var(--muted); } .flash { padding:8px 12px; border-radius:4px; }
        .flash.ok { background:#e8f5ec; border:1px solid #9fd3b0; } .flash.error { background:#fde8e6; border:1px solid #f0a9a2; }
        .filters { display:flex; gap:8px; margin-bottom:12px; align-items:center; } .filters input, .filters select { padding:6px; }
        .grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap:16px; }
        .card { background:#fff; border:1px solid var(--line); padding:12px; }
        """;

    // s / d / f resolve the open task (same, different, defer); j opens the first task of the queue.
    private const string Script = """
        document.addEventListener('keydown', e => {
          if (e.ctrlKey || e.metaKey || e.altKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
          const button = document.querySelector('button[data-key="' + e.key + '"]');
          if (button) { e.preventDefault(); button.form.requestSubmit(button); }
        });
        document.querySelectorAll('tr[data-href]').forEach(r => r.addEventListener('click', () => location.href = r.dataset.href));
        """;
}
