namespace PatientIndex.Ml.Tests;

public class ModelSchemaTests
{
    [Fact]
    public void the_shipped_model_was_trained_for_this_engine_schema()
    {
        var directory = Fixtures.ShippedModelDirectory();
        var model = System.Text.Json.JsonSerializer.Deserialize<MatchModel>(File.ReadAllText(Path.Combine(directory, MatchModel.FileName)), MatchModel.Json)!;
        Assert.True(model.SchemaHash == PairFeatures.SchemaHash,
            $"The shipped model {directory} was trained for feature schema {model.SchemaHash}, but the engine's is now {PairFeatures.SchemaHash}: " +
            $"the comparisons, levels or features changed. Retrain with `{MatchModel.RetrainCommand}` and commit models/.");
    }

    [Fact]
    public void a_model_with_another_schema_hash_is_refused_with_the_command_that_fixes_it()
    {
        var directory = Directory.CreateTempSubdirectory("patientindex-model-").FullName;
        try
        {
            var model = MatchModel.Load(Fixtures.ShippedModelDirectory()) with { SchemaHash = "0000000000000000" };
            model.Save(directory);
            var error = Assert.Throws<ModelLoadException>(() => MatchModel.Load(directory));
            Assert.Contains("0000000000000000", error.Message);
            Assert.Contains(PairFeatures.SchemaHash, error.Message);
            Assert.Contains(MatchModel.RetrainCommand, error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void a_missing_or_unreadable_model_is_refused_with_its_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model-dir");
        Assert.Contains(missing, Assert.Throws<ModelLoadException>(() => MatchModel.Load(missing)).Message);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ not json");
            Assert.Contains("not a PatientIndex model", Assert.Throws<ModelLoadException>(() => MatchModel.Load(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void the_schema_hash_changes_when_the_feature_description_changes()
    {
        Assert.Equal(16, PairFeatures.SchemaHash.Length);
        Assert.Contains("nhs_number:", PairFeatures.Describe());
        Assert.Equal(PairFeatures.Count, PairFeatures.Names.Count);
    }
}
