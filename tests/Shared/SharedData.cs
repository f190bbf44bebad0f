namespace PatientIndex.Testing;

/// <summary>
/// The public linkage datasets live in ../shared/data beside the checkout (here and in CI), not in
/// the repository. Found relative to the repository root; tests that need them say why they skip.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory!, .. parts]);

    public const string MissingReason = "../shared/data is not beside this checkout (it ships with the development workspace, not the repository)";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "PatientIndex.sln"))) continue;
            var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            return System.IO.Directory.Exists(data) ? data : null;
        }
        return null;
    }
}

/// <summary>A fact that skips, with the reason, when the shared datasets are absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null) Skip = SharedData.MissingReason;
    }
}
