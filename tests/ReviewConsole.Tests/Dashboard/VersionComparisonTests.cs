using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Tests.Rollouts;

namespace ReviewConsole.Tests.Dashboard;

/// <summary>Issue 13: the dashboard compares model versions over time and marks rollout and experiment periods.</summary>
public sealed class VersionComparisonTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task DuringAnAbTestBothVersionsShareTheItemsAndTheTestIsMarked()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial");
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("ab", "builtin-1", "Half and half.", AuditRate: 1.0))).EnsureSuccessStatusCode();
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 100).Select(i => RolloutScenario.Invoice($"vc-{i}", 100 + i * 9)).ToList()))).EnsureSuccessStatusCode();
        await RolloutScenario.LabelAllAsync(api, workflow);

        var dashboard = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/dashboard")).ReadAsync<DashboardResponse>();

        var versions = dashboard.Versions!.ToDictionary(v => v.Version);
        Assert.Equal(["builtin-1", "ext"], versions.Keys.Order());
        var now = versions["builtin-1"].Points[^1].At;
        var shares = versions.Values.Select(v => v.Points.Single(p => p.At == now).Share!.Value).ToList();
        Assert.Equal(1.0, shares.Sum(), 9);
        Assert.All(shares, s => Assert.InRange(s, 0.2, 0.8));
        Assert.Equal(1.0, versions["builtin-1"].Points[^1].Precision);
        Assert.NotNull(versions["builtin-1"].Points[^1].AutomationRate);
        Assert.Contains(dashboard.Rollouts!, r => r.Strategy == "ab" && r.Challenger == "builtin-1" && r.EndedAt is null);
    }
}
