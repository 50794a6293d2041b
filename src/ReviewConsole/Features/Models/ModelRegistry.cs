using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Events;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Models;

public sealed record ServingModel(string Version, BuiltInModel Model);

/// <summary>The built-in models that score a workflow's items: the champion (routes) and the challenger (shadow only).</summary>
public sealed record Serving(ServingModel? Champion, ServingModel? Challenger)
{
    public static Serving None { get; } = new(null, null);
}

public sealed class ModelRegistry(ReviewDbContext db, ModelCache cache)
{
    public async Task<Serving> ServingAsync(Workflow workflow, CancellationToken ct)
    {
        if (workflow.ChampionModelId is null && workflow.ChallengerModelId is null)
            return Serving.None;
        return new Serving(await BuiltInAsync(workflow.ChampionModelId, ct), await BuiltInAsync(workflow.ChallengerModelId, ct));
    }

    /// <summary>Registers the external model versions clients name; the first one becomes champion if there is none.</summary>
    public async Task RegisterExternalAsync(Workflow workflow, IEnumerable<string> versions, CancellationToken ct)
    {
        foreach (var version in versions.Distinct(StringComparer.Ordinal).Where(v => !cache.IsKnownExternal(workflow.Id, v)).ToList())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO model_versions (workflow_id, version, kind, train_rows, holdout_rows, created_by, created_at)
                VALUES ({workflow.Id}, {version}, {ModelKinds.External}, 0, 0, 'client', now())
                ON CONFLICT (workflow_id, version) DO NOTHING
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE workflows SET champion_model_id = (SELECT id FROM model_versions WHERE workflow_id = {workflow.Id} AND version = {version})
                WHERE id = {workflow.Id} AND champion_model_id IS NULL
                """, ct);
            cache.RememberExternal(workflow.Id, version);
        }
    }

    /// <summary>Points an alias at a version, recording who did it; a challenger promoted to champion stops being challenger.</summary>
    public async Task SetAliasAsync(Workflow workflow, string alias, ModelVersion version, string actor, CancellationToken ct)
    {
        var names = await db.ModelVersions.Where(m => m.WorkflowId == workflow.Id).ToDictionaryAsync(m => m.Id, m => m.Version, ct);
        string? Name(int? id) => id is { } i ? names.GetValueOrDefault(i) : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = DateTimeOffset.UtcNow;
        if (alias == ModelAliases.Champion)
        {
            await db.Workflows.Where(w => w.Id == workflow.Id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.ChampionModelId, version.Id)
                .SetProperty(w => w.ChallengerModelId, w => w.ChallengerModelId == version.Id ? (int?)null : w.ChallengerModelId), ct);
            Record(workflow, ModelAliases.Champion, Name(workflow.ChampionModelId), version.Version, actor, now);
            if (workflow.ChallengerModelId == version.Id)
                Record(workflow, ModelAliases.Challenger, version.Version, null, actor, now);
        }
        else
        {
            await db.Workflows.Where(w => w.Id == workflow.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.ChallengerModelId, version.Id), ct);
            Record(workflow, ModelAliases.Challenger, Name(workflow.ChallengerModelId), version.Version, actor, now);
        }
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new ConsoleEvent(EventTypes.ModelAliasChanged, workflow.Key, now, Actor: actor, Label: version.Version, Route: alias), ct);
        await transaction.CommitAsync(ct);
    }

    private void Record(Workflow workflow, string alias, string? from, string? to, string actor, DateTimeOffset at) =>
        db.ModelAliasChanges.Add(new ModelAliasChange { WorkflowId = workflow.Id, Alias = alias, FromVersion = from, ToVersion = to, Actor = actor, At = at });

    private async Task<ServingModel?> BuiltInAsync(int? modelId, CancellationToken ct)
    {
        if (modelId is not { } id)
            return null;
        var (version, kind) = await cache.DescribeAsync(db, id, ct);
        return kind == ModelKinds.BuiltIn ? new ServingModel(version, await cache.GetAsync(db, id, ct)) : null;
    }
}
