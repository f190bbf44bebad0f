namespace PatientIndex.LoadGenerator;

/// <summary>Command-line options: <c>--target URL --mode link|link-unary|match --callers N --seconds S --warmup S [--token JWT] FILE.csv...</c>; the token may also come from PATIENTINDEX_TOKEN.</summary>
internal sealed record LoadOptions(string Target, string Mode, int Callers, double Seconds, double Warmup, string Source, IReadOnlyList<string> Files, string? Token)
{
    public static LoadOptions Parse(string[] args)
    {
        string target = "http://127.0.0.1:5080", mode = "link", source = "loadgen";
        var token = Environment.GetEnvironmentVariable("PATIENTINDEX_TOKEN");
        int callers = 16;
        double seconds = 30, warmup = 5;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": target = Next(); break;
                case "--mode": mode = Next(); break;
                case "--callers": callers = int.Parse(Next()); break;
                case "--seconds": seconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--source": source = Next(); break;
                case "--token": token = Next(); break;
                default: files.Add(args[i]); break;
            }
        }
        if (mode is not ("link" or "link-unary" or "match")) throw new ArgumentException("--mode is link, link-unary or match");
        if (files.Count == 0) throw new ArgumentException("give one or more canonical CSV files to draw records from");
        return new LoadOptions(target, mode, callers, seconds, warmup, source, files, token);
    }
}
