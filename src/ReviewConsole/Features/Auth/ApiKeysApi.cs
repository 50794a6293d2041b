using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}/apikeys").WithTags("API keys").RequireAuthorization(Policies.ManageModels);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapDelete("/{id:guid}", Revoke);
        return group;
    }

    internal static async Task<Results<Created<ApiKeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> Create(
        string key, CreateApiKeyRequest? request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "default" : request.Name.Trim();
        if (name.Length > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["At most 100 characters."] });
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);

        var secret = ApiKeys.NewKey();
        var apiKey = new ApiKey
        {
            Id = Guid.NewGuid(),
            WorkflowId = workflow.Id,
            Name = name,
            Prefix = secret[..10],
            Hash = ApiKeys.Hash(secret),
            CreatedBy = user.Username(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/workflows/{key}/apikeys/{apiKey.Id}", new ApiKeyCreatedResponse(apiKey.Id, secret, name, apiKey.Prefix));
    }

    internal static async Task<Results<Ok<List<ApiKeyResponse>>, ProblemHttpResult>> List(string key, ReviewDbContext db, CancellationToken ct)
    {
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        return TypedResults.Ok(await db.ApiKeys.AsNoTracking()
            .Where(k => k.WorkflowId == workflow.Id)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedBy, k.CreatedAt, k.RevokedAt))
            .ToListAsync(ct));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string key, Guid id, ReviewDbContext db,
        Microsoft.Extensions.Caching.Memory.IMemoryCache cache, CancellationToken ct)
    {
        var hash = await db.ApiKeys.Where(k => k.Id == id && k.Workflow!.Key == key).Select(k => k.Hash).FirstOrDefaultAsync(ct);
        var revoked = await db.ApiKeys
            .Where(k => k.Id == id && k.Workflow!.Key == key && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow), ct);
        if (hash is not null)
            cache.Remove(ApiKeys.CacheKey(hash));
        return revoked == 1 ? TypedResults.NoContent() : ProblemHandling.NotFound($"No active API key {id} on workflow '{key}'.");
    }
}
