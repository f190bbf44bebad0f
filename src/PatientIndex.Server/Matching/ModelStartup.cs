namespace PatientIndex.Server.Matching;

/// <summary>Brings the model in use up to the store's at start, without holding start-up back (see <see cref="ModelLearning.StartAsync"/>).</summary>
internal sealed class ModelStartup(ModelLearning learning) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => learning.StartAsync(stoppingToken);
}
