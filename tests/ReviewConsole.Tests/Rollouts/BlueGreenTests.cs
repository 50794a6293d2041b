using System.Net;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 12, blue-green: green is warmed beside blue on recent items, then switches over with blue warm for a rollback.</summary>
public sealed class BlueGreenTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<string?> ChampionAsync(string workflow) =>
        (await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>())
        .SingleOrDefault(m => m.Alias == ModelAliases.Champion)?.Version;

    [Fact]
    public async Task GreenIsWarmedOnRecentItemsThenSwitchesAndBlueStaysWarmForTheWindow()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(api);
        var lead = await api.UserAsync(Roles.MlLead);

        var started = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("blue-green", "builtin-1", "Swap in the built-in model.", RollbackWindowMinutes: 5));
        var running = await started.ReadAsync<RolloutResponse>();

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        // The 31 recent items are all under 500: green says travel, as blue did.
        Assert.Equal((31, 0, 31, 1.0), (running.WarmUp!.Sample, running.WarmUp.Errors, running.WarmUp.Compared, running.WarmUp.AgreementWithBlue));
        Assert.NotNull(running.WarmUp.P99Milliseconds);
        Assert.Equal("ext", await ChampionAsync(workflow));

        var switched = await (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:promote", new RolloutActionRequest("Warm-up is clean."))).ReadAsync<RolloutResponse>();

        Assert.Equal("builtin-1", await ChampionAsync(workflow));
        Assert.InRange(switched.RollbackUntil!.Value - switched.EndedAt!.Value, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5.1));
        Assert.Equal(HttpStatusCode.OK, (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:rollback", new RolloutActionRequest("Back to blue."))).StatusCode);
        Assert.Equal("ext", await ChampionAsync(workflow));
    }
}
