using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Models;

/// <summary>Built-in models deserialised once per process: versions are immutable, so a cached one never goes stale.</summary>
public sealed class ModelCache
{
    private readonly ConcurrentDictionary<int, IScoringModel> _models = new();
    private readonly ConcurrentDictionary<(int Workflow, string Version), bool> _registered = new();
    private readonly ConcurrentDictionary<int, (string Version, string Kind)> _kinds = new();

    /// <summary>A version's name and kind, from memory after the first look (versions never change).</summary>
    public async Task<(string Version, string Kind)> DescribeAsync(ReviewDbContext db, int modelId, CancellationToken ct)
    {
        if (_kinds.TryGetValue(modelId, out var known))
            return known;
        var meta = await db.ModelVersions.AsNoTracking().Where(m => m.Id == modelId).Select(m => new { m.Version, m.Kind }).SingleAsync(ct);
        return _kinds.GetOrAdd(modelId, (meta.Version, meta.Kind));
    }

    public async Task<IScoringModel> GetAsync(ReviewDbContext db, int modelId, CancellationToken ct)
    {
        if (_models.TryGetValue(modelId, out var model))
            return model;
        var artifact = await db.ModelVersions.Where(m => m.Id == modelId).Select(m => m.Artifact).SingleAsync(ct)
            ?? throw new InvalidOperationException($"Model {modelId} has no artifact.");
        return _models.GetOrAdd(modelId, ScoringModels.Deserialize(artifact));
    }

    /// <summary>True once this process has registered the external version (and that registration committed).</summary>
    public bool IsKnownExternal(int workflowId, string version) => _registered.ContainsKey((workflowId, version));

    public void RememberExternal(int workflowId, string version) => _registered.TryAdd((workflowId, version), true);
}
