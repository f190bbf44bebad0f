namespace PatientIndex.Server.Stewardship.Web;

/// <summary>The steward pages' style sheet and keyboard script, inline in every page: no front-end build, nothing else to serve.</summary>
public static class StewardAssets
{
    public const string Style = """
        :root { --ink:#1d2433; --muted:#4c5566; --line:#d3d9e2; --bg:#f5f7fa; --accent:#005eb8; --same:#006b32; --diff:#b3200f; --defer:#7a5f00; --focus:#ffbf47; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
        .skip { position:absolute; left:-999px; top:0; background:var(--focus); color:var(--ink); padding:8px 12px; z-index:10; }
        .skip:focus { left:8px; }
        :focus-visible { outline:3px solid var(--focus); outline-offset:2px; box-shadow:0 0 0 5px var(--ink); }
        .visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
        header { display:flex; gap:24px; align-items:center; padding:10px 24px; background:var(--accent); color:#fff; flex-wrap:wrap; }
        header a { color:#fff; text-decoration:none; } .brand { font-weight:700; font-size:18px; } .brand span { font-weight:400; }
        nav a { margin-right:16px; padding:4px 0; } nav a[aria-current=page] { border-bottom:3px solid #fff; font-weight:600; }
        .who { margin-left:auto; } .who button.link { color:#fff; }
        main { max-width:1280px; margin:0 auto; padding:16px 24px 48px; }
        h1 { font-size:22px; margin:8px 0 16px; } h2 { font-size:17px; margin:24px 0 8px; }
        table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); }
        th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
        th { background:#eef1f5; font-weight:600; font-size:13px; color:var(--muted); }
        tr.task:hover { background:#f0f6fd; cursor:pointer; }
        td.diff { background:#fde8e6; font-weight:600; } td.same { background:#e8f5ec; }
        .mark { font-size:12px; font-weight:600; white-space:nowrap; } .mark.same { color:var(--same); } .mark.diff { color:var(--diff); }
        .facts { font-size:13px; color:var(--muted); } .nhs { font-variant-numeric:tabular-nums; } .name { font-weight:600; }
        .prob { font-variant-numeric:tabular-nums; font-weight:600; }
        .bar { display:inline-block; height:8px; border-radius:4px; vertical-align:middle; }
        .bar.pos { background:var(--same); } .bar.neg { background:var(--diff); }
        .actions { display:flex; gap:12px; flex-wrap:wrap; align-items:flex-end; margin:16px 0; padding:12px; background:#fff; border:1px solid var(--line); }
        button, .button { font:inherit; padding:8px 14px; border:0; border-radius:4px; color:#fff; background:var(--accent); cursor:pointer; text-decoration:none; display:inline-block; }
        button.same { background:var(--same); } button.diff { background:var(--diff); } button.defer { background:var(--defer); }
        button.link { background:none; padding:0; color:var(--accent); text-decoration:underline; }
        kbd { font:12px monospace; padding:1px 5px; border:1px solid #fff; border-radius:3px; margin-left:6px; } kbd.dark { border-color:var(--ink); }
        input[type=text], input[type=search], select { font:inherit; padding:6px 8px; border:1px solid #6b7485; border-radius:4px; background:#fff; color:var(--ink); }
        label { display:inline-flex; flex-direction:column; gap:2px; font-size:13px; font-weight:600; }
        form.inline { display:inline; } .muted { color:var(--muted); } .flash { padding:8px 12px; border-radius:4px; }
        .flash.ok { background:#e8f5ec; border:1px solid #5fa877; } .flash.error { background:#fde8e6; border:1px solid #c9675c; }
        .filters { display:flex; gap:10px; margin-bottom:12px; align-items:flex-end; flex-wrap:wrap; }
        .grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap:16px; }
        .card { background:#fff; border:1px solid var(--line); padding:12px; margin-bottom:12px; }
        .held { color:var(--defer); font-weight:600; } .pager { display:flex; gap:12px; margin:12px 0; }
        """;

    // s / d / f decide the open task (same, different, defer) and go on to the next; j opens the first task of the
    // queue; a click on a queue row opens its task unless it was on one of the row's own controls.
    public const string Script = """
        document.addEventListener('keydown', e => {
          if (e.ctrlKey || e.metaKey || e.altKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
          const target = document.querySelector('[data-key="' + e.key + '"]');
          if (!target) return;
          e.preventDefault();
          if (target.form && target.tagName === 'BUTTON') target.form.requestSubmit(target); else target.click();
        });
        document.querySelectorAll('tr[data-href]').forEach(r => r.addEventListener('click', e => {
          if (!e.target.closest('a, input, label, button')) location.href = r.dataset.href;
        }));
        """;
}
