using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Rollouts;

/// <summary><see cref="RolloutScenarios"/> on the in-process host.</summary>
public static class RolloutScenario
{
    public static IngestItemRequest Invoice(string id, double amount) => RolloutScenarios.Invoice(id, amount);

    public static Task LabelAllAsync(ApiFixture api, string workflow) => RolloutScenarios.LabelAllAsync(api.Admin, api.Factory.CreateClient, workflow);

    public static Task<(string Workflow, HttpClient Client)> WithChampionAndBuiltInAsync(ApiFixture api, string level = "shadow", bool builtInRight = true) =>
        RolloutScenarios.WithChampionAndBuiltInAsync(api.Admin, api.Factory.CreateClient, api.ConnectionString, level, builtInRight);
}
