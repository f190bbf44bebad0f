using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task a_store_with_no_model_version_says_so()
    {
        Assert.Null(await theStore.LatestModelVersionAsync());
    }

    [Fact]
    public async Task the_model_version_saved_last_is_the_latest_and_saving_one_again_changes_nothing()
    {
        var seeded = new ModelVersion("match-v3+fs.aaaaaaaa", T0, "link", 1000, """{"format":"x"}""");
        var relearnt = new ModelVersion("match-v3+fs.bbbbbbbb", T0.AddDays(1), "relearn", 2000, """{"format":"y"}""");

        await theStore.SaveModelVersionAsync(seeded);
        await theStore.SaveModelVersionAsync(relearnt);
        await theStore.SaveModelVersionAsync(seeded with { CreatedAt = T0.AddDays(2) });

        var reopened = await ReopenAsync();
        Assert.Equal(relearnt, await reopened.LatestModelVersionAsync());
    }
}
