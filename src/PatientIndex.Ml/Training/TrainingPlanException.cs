namespace PatientIndex.Ml.Training;

/// <summary>A training plan that cannot be followed (missing, unreadable, or asking for what cannot be done), with every reason.</summary>
public sealed class TrainingPlanException(string message) : Exception(message);
