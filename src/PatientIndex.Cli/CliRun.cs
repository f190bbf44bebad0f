namespace PatientIndex.Cli;

/// <summary>Turns user-fixable problems into one clear message and exit code 2, instead of a stack trace.</summary>
public static class CliRun
{
    public static int Guard(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is CliException or Extracts.ExtractException or Ml.Training.TrainingPlanException or Ml.ModelLoadException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }
}
