namespace PatientIndex.Extracts;

/// <summary>An input file that cannot be read as an extract (missing, empty, a header it cannot use): a problem the user can fix, named with the file.</summary>
public sealed class ExtractException(string message) : Exception(message);
