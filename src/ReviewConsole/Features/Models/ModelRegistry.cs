using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Events;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Models;

/// <param name="Model">The loaded built-in model; null for an external version, whose predictions the client sends.</param>
public sealed record ServingModel(string Version, IScoringModel? Model);

/// <summary>The versions behind a workflow's aliases: the champion (routes) and the challenger (shadow, or a canary's share).</summary>
public sealed record Serving(ServingModel? Champion, ServingModel? Challenger)
{
    public static Serving None { get; } = new(null, null);
}

public sealed class ModelRegistryOptions
{
    /// <summary>New external versions a workflow may register per hour (Models:NewVersionsPerHour).</summary>
    public int NewVersionsPerHour { get; set; } = 10;
}

/// <summary>A client named more new model versions than the workflow's hourly allowance.</summary>
public sealed class ModelVersionLimitException(string version, int limit, TimeSpan retryAfter, bool neverFits = false)
    : Exception($"'{version}' would be more than {limit} new model versions for this workflow within an hour.")
{
    /// <summary>The request alone names more new versions than an hour allows: waiting would not help.</summary>
    public bool NeverFits { get; } = neverFits;

    public string Version { get; } = version;
    public int Limit { get; } = limit;
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;
}

public sealed class ModelRegistry(ReviewDbContext db, ModelCache cache, Microsoft.Extensions.Options.IOptions<ModelRegistryOptions> options)
{
    public async Task<Serving> ServingAsync(Workflow workflow, CancellationToken ct)
    {
        if (workflow.ChampionModelId is null && workflow.ChallengerModelId is null)
            return Serving.None;
        return new Serving(await LoadAsync(workflow.ChampionModelId, ct), await LoadAsync(workflow.ChallengerModelId, ct));
    }

    /// <summary>
    /// Registers the external model versions clients name, at most <see cref="ModelRegistryOptions.NewVersionsPerHour"/>
    /// new ones per workflow per hour (any API key could otherwise fill the registry). A version never becomes
    /// champion by arriving: an ML lead or admin names the champion.
    /// </summary>
    /// <exception cref="ModelVersionLimitException">The batch names a new version beyond the hour's allowance; nothing was registered.</exception>
    public async Task RegisterExternalAsync(Workflow workflow, IEnumerable<string> versions, CancellationToken ct)
    {
        var unknown = versions.Distinct(StringComparer.Ordinal).Where(v => !cache.IsKnownExternal(workflow.Id, v)).ToArray();
        if (unknown.Length == 0)
            return;
        // Registration commits on its own (idempotent); the per-workflow lock makes the hourly count exact under concurrency.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('model_versions'), {workflow.Id})", ct);
            var existing = await db.ModelVersions.Where(m => m.WorkflowId == workflow.Id && unknown.Contains(m.Version)).Select(m => m.Version).ToListAsync(ct);
            var fresh = unknown.Except(existing, StringComparer.Ordinal).ToArray();
            if (fresh.Length > 0)
            {
                var since = DateTimeOffset.UtcNow.AddHours(-1);
                var recent = await db.ModelVersions.Where(m => m.WorkflowId == workflow.Id && m.Kind == ModelKinds.External && m.CreatedAt > since)
                    .Select(m => m.CreatedAt).OrderBy(at => at).ToListAsync(ct);
                var limit = options.Value.NewVersionsPerHour;
                if (recent.Count + fresh.Length > limit)
                {
                    // The allowance frees up as the hour's oldest registrations age past an hour.
                    var mustAge = recent.Count + fresh.Length - limit;
                    if (fresh.Length > limit)
                        throw new ModelVersionLimitException(fresh[limit], limit, TimeSpan.Zero, neverFits: true);
                    var freeAt = recent[mustAge - 1].AddHours(1);
                    throw new ModelVersionLimitException(fresh[0], limit, freeAt - DateTimeOffset.UtcNow);
                }
                foreach (var version in fresh)
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO model_versions (workflow_id, version, kind, train_rows, holdout_rows, created_by, created_at)
                        VALUES ({workflow.Id}, {version}, {ModelKinds.External}, 0, 0, 'client', now())
                        ON CONFLICT (workflow_id, version) DO NOTHING
                        """, ct);
                    // Open models and rollouts pages list it at once.
                    await db.PublishAsync(new ConsoleEvent(EventTypes.ModelRegistered, workflow.Key, DateTimeOffset.UtcNow, Label: version), ct);
                }
            }
            await transaction.CommitAsync(ct);
        }
        foreach (var version in unknown)
            cache.RememberExternal(workflow.Id, version);
    }

    /// <summary>Points an alias at a version, recording who did it; a challenger promoted to champion stops being challenger.</summary>
    public async Task SetAliasAsync(Workflow workflow, string alias, ModelVersion version, string actor, CancellationToken ct)
    {
        var names = await db.ModelVersions.Where(m => m.WorkflowId == workflow.Id).ToDictionaryAsync(m => m.Id, m => m.Version, ct);
        string? Name(int? id) => id is { } i ? names.GetValueOrDefault(i) : null;
        // Inside a caller's transaction (a rollout recording its ledger) it joins it; else it is its own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
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
        if (transaction is not null)
            await transaction.CommitAsync(ct);
    }

    private void Record(Workflow workflow, string alias, string? from, string? to, string actor, DateTimeOffset at) =>
        db.ModelAliasChanges.Add(new ModelAliasChange { WorkflowId = workflow.Id, Alias = alias, FromVersion = from, ToVersion = to, Actor = actor, At = at });

    private async Task<ServingModel?> LoadAsync(int? modelId, CancellationToken ct)
    {
        if (modelId is not { } id)
            return null;
        var (version, kind) = await cache.DescribeAsync(db, id, ct);
        return new ServingModel(version, kind == ModelKinds.BuiltIn ? await cache.GetAsync(db, id, ct) : null);
    }
}
