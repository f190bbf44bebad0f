namespace PatientIndex.Cli;

/// <summary>A problem the user can fix (a missing file, a bad option): printed as one clear line, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
