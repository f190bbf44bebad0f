namespace PatientIndex.Server.Stewardship.Web;

/// <summary>How long ago, as a steward reads it in a queue.</summary>
public static class Ago
{
    public static string Of(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
    }

    public static string Short(string? personId) => personId is null ? "—" : personId.Length > 8 ? personId[^8..] : personId;
}
