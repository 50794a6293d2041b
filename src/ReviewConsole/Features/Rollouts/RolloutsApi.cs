using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Features.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Rollouts;
using ReviewConsole.Data.Workflows;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Models;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Rollouts;

/// <summary>
/// Bringing a model version into production. Every champion change goes through a rollout: single deployment (the
/// challenger replaces the champion at once, the replaced champion stays warm for a one-click rollback; a version
/// without holdout evidence needs an admin's force), shadow, canary or blue-green. Built-in versions are scored by the
/// console; for external ones the client sends each version's prediction (<c>predictions</c>) and ingest picks whose counts.
/// </summary>
public static class RolloutsApi
{
    /// <summary>Human labels on items an external version predicted, before it counts as evidenced.</summary>
    public const int MinExternalEvidence = 30;

    public const int DefaultRollbackWindowMinutes = 60;

    public static WebApplicationBuilder AddRollouts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RolloutOptions>().BindConfiguration("Rollouts");
        builder.Services.AddHostedService<CanaryEvaluator>();
        return builder;
    }

    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Rollouts");
        group.MapPost("/rollouts", Start).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Start a rollout of a model version: single, shadow, canary or blue-green.");
        group.MapGet("/rollouts", History).RequireAuthorization(Policies.SignedIn).WithSummary("Rollouts, newest first, each with its ledger.");
        // Model clients read it too: it names the versions to send predictions of.
        group.MapGet("/rollout", Current).RequireAuthorization(Policies.ReadItems)
            .WithSummary("The rollout in progress, with the versions a client sends predictions of (versionsToScore); 404 when none.");
        group.MapPost("/rollout:promote", Promote).RequireAuthorization(Policies.ManageModels)
            .WithSummary("End the rollout in progress by making its challenger the champion (the replaced one stays warm for a rollback).");
        group.MapPost("/rollout:advance", Advance).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Move a canary to its next share by hand (from the last share: promote).");
        group.MapPost("/rollout:pause", Pause).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Pause a canary: every item goes to the champion until it resumes.");
        group.MapPost("/rollout:resume", Resume).RequireAuthorization(Policies.ManageModels);
        group.MapPost("/rollout:abandon", Abandon).RequireAuthorization(Policies.ManageModels)
            .WithSummary("End the rollout in progress; the champion stays.");
        group.MapPost("/rollout:rollback", RollBack).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Return to the champion the latest rollout replaced, while it is still warm.");
        group.MapGet("/models/served", Served).RequireAuthorization(Policies.ReadItems)
            .WithSummary("Which version decided: one item's (?externalId=, the challenger's during a canary), else the champion at a moment (?at=RFC 3339).");
        return group;
    }

    internal static async Task<Results<Created<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Start(
        string key, StartRolloutRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, ModelCache cache, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!RolloutStrategies.All.Contains(request.Strategy ?? ""))
            errors.Add("strategy", $"One of {string.Join(", ", RolloutStrategies.All)}.");
        else if (!RolloutStrategies.Available.Contains(request.Strategy!))
            errors.Add("strategy", $"'{request.Strategy}' rollouts are not available yet; use {string.Join(", ", RolloutStrategies.Available)}.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Challenger) && request.Challenger.Length <= 100, "challenger", "Name the version to deploy.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Justification) && request.Justification.Length <= 4000 && StorableText.IsStorable(request.Justification),
            "justification", "Say why (at most 4,000 characters): every rollout is recorded with its justification.");
        errors.Require(request.RollbackWindowMinutes is null or (>= 1 and <= 7 * 24 * 60), "rollbackWindowMinutes", "1 minute to 7 days.");
        errors.Require(request.Steps is null || (request.Steps.Count is >= 1 and <= 20 && request.Steps.All(p => p is > 0 and <= 100)
            && request.Steps.Zip(request.Steps.Skip(1)).All(p => p.First < p.Second)), "steps", "1 to 20 rising shares in (0, 100] percent.");
        errors.Require(request.Margin is null or (> 0 and <= 0.5), "margin", "A share of precision in (0, 0.5].");
        errors.Require(request.MinAudits is null or (>= 1 and <= 100_000), "minAudits", "1 to 100,000.");
        errors.Require(request.DwellMinutes is null or (>= 0 and <= 7 * 24 * 60), "dwellMinutes", "0 minutes to 7 days.");
        errors.Require(request.AuditRate is null or (> 0 and <= 1), "auditRate", "A share in (0, 1].");
        errors.Require(request.Share is null or (> 0 and < 1), "share", "The challenger's share of units, in (0, 1): 0.5 splits evenly, 0.1 is a cautious test.");
        errors.Require(request.UnitKey is null || (request.UnitKey.Length is > 0 and <= 100 && StorableText.IsStorable(request.UnitKey)), "unitKey",
            "The name of a feature (at most 100 characters).");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        var version = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(m => m.WorkflowId == workflow.Id && m.Version == request.Challenger, ct);
        if (version is null)
            return ProblemHandling.NotFound($"No model version '{StorableText.Echo(request.Challenger!)}' in workflow '{key}'.");
        if (workflow.ChampionModelId == version.Id)
            return ProblemHandling.Conflict($"'{version.Version}' is already the champion.");
        if (request.Strategy is not RolloutStrategies.Single)
            return await StartBesideChampionAsync(key, request, user, db, registry, cache, workflow, version, ct);
        if (await EvidenceGapAsync(db, workflow, version, ct) is { } gap)
        {
            if (!request.Force)
                return ProblemHandling.Conflict($"{gap} An admin may force the deployment.");
            if (!user.IsInRole(Roles.Admin))
                return ProblemHandling.Forbidden($"{gap} Only an admin may force it.");
        }

        var champion = workflow.ChampionModelId is { } id ? await db.ModelVersions.Where(m => m.Id == id).Select(m => m.Version).FirstAsync(ct) : null;
        var now = DateTimeOffset.UtcNow;
        var rollout = new Rollout
        {
            WorkflowId = workflow.Id,
            Strategy = request.Strategy!,
            Status = RolloutStatuses.Completed,
            Challenger = version.Version,
            Champion = champion,
            Justification = request.Justification!.Trim(),
            StartedBy = user.Username(),
            StartedAt = now,
            EndedAt = now,
            RollbackUntil = champion is null ? null : now.AddMinutes(request.RollbackWindowMinutes ?? DefaultRollbackWindowMinutes),
            Settings = JsonSerializer.Serialize(request with { Justification = null }, JsonSerializerOptions.Web),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialised per workflow: a rollout in progress (of a later strategy) or a concurrent deployment waits here.
        await LockAsync(db, workflow.Id, ct);
        if (await db.Rollouts.InProgress(workflow.Id).AnyAsync(ct))
            return ProblemHandling.Conflict("A rollout is in progress for this workflow; finish or abandon it first.");
        if (await db.Workflows.AsNoTracking().Where(w => w.Id == workflow.Id).Select(w => w.ChampionModelId).FirstAsync(ct) != workflow.ChampionModelId)
            return ProblemHandling.Conflict("The champion changed meanwhile; reload and try again.");
        db.Rollouts.Add(rollout);
        await db.SaveChangesAsync(ct);
        var forced = request.Force ? " (forced past missing holdout evidence)" : "";
        Record(db, rollout, "start", rollout.StartedBy, $"Single deployment of {version.Version}{forced}: {rollout.Justification}", now);
        Record(db, rollout, "promote", rollout.StartedBy, champion is null
            ? $"{version.Version} is the champion."
            : $"{version.Version} replaces {champion} as champion; {champion} stays warm for rollback until {rollout.RollbackUntil:u}.", now);
        await db.SaveChangesAsync(ct);
        await registry.SetAliasAsync(workflow, ModelAliases.Champion, version, rollout.StartedBy, ct);
        await Changed(db, key, rollout, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/workflows/{key}/rollouts", await DescribeAsync(db, key, rollout, ct));
    }

    /// <summary>
    /// Strategies that run beside the champion until an ML lead promotes or abandons them. Shadow: the challenger
    /// scores every item and never decides; reviewers never see its label; the rollout collects paired evidence.
    /// Blue-green: green (the challenger) is loaded and warmed on a sample of recent items beside blue (the champion);
    /// promoting switches every replica to it on its next item, and blue stays warm for the rollback window.
    /// </summary>
    private static async Task<Results<Created<RolloutResponse>, ValidationProblem, ProblemHttpResult>> StartBesideChampionAsync(string key,
        StartRolloutRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, ModelCache cache, Workflow workflow,
        ModelVersion version, CancellationToken ct)
    {
        var shadow = request.Strategy == RolloutStrategies.Shadow;
        var canary = request.Strategy == RolloutStrategies.Canary;
        var ab = request.Strategy == RolloutStrategies.AB;
        var interleaved = request.Strategy == RolloutStrategies.Interleaved;
        if (interleaved && workflow.Level is not ("assist" or "partial"))
            return ProblemHandling.Conflict($"Interleaving compares the suggestions reviewers pick from, shown at assist and on reviewed items at partial; this workflow is at {workflow.Level}.");
        if (workflow.ChampionModelId is not { } championId)
            return ProblemHandling.Conflict($"A {request.Strategy} rollout runs beside the champion; deploy a champion first.");
        var champion = await db.ModelVersions.Where(m => m.Id == championId).Select(m => m.Version).FirstAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var rollout = new Rollout
        {
            WorkflowId = workflow.Id, Strategy = request.Strategy!, Status = RolloutStatuses.Running, Challenger = version.Version,
            Champion = champion, Justification = request.Justification!.Trim(), StartedBy = user.Username(), StartedAt = now,
            Settings = JsonSerializer.Serialize(request with { Justification = null }, JsonSerializerOptions.Web),
            StepStartedAt = now,
        };
        if (canary && (workflow.Level is "partial" && workflow.PartialAuditRate <= 0 || workflow.Level is "full" && workflow.FullAuditRate <= 0))
            return ProblemHandling.Conflict("The champion's decisions are not audited at this level (audit rate 0): a canary would have nothing to compare with.");
        // Checked before the warm-up too, so a refused start does not score 500 items first.
        if (await db.Rollouts.InProgress(workflow.Id).AnyAsync(ct))
            return ProblemHandling.Conflict("A rollout is in progress for this workflow; finish or abandon it first.");
        // An external green is scored by the client: its agreement with blue shows as paired evidence while it runs.
        var external = version.Kind != ModelKinds.BuiltIn;
        var warmUp = shadow || canary || ab || interleaved || external ? null : await WarmUp.RunAsync(db, cache, workflow.Id, version, champion, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, workflow.Id, ct);
        if (await db.Rollouts.InProgress(workflow.Id).AnyAsync(ct))
            return ProblemHandling.Conflict("A rollout is in progress for this workflow; finish or abandon it first.");
        // A deployment may have committed meanwhile: the rollout must be recorded against the champion in force.
        if (await db.Workflows.AsNoTracking().Where(w => w.Id == workflow.Id).Select(w => w.ChampionModelId).FirstAsync(ct) != championId)
            return ProblemHandling.Conflict("The champion changed meanwhile; reload and try again.");
        db.Rollouts.Add(rollout);
        await db.SaveChangesAsync(ct);
        db.RolloutEntries.Add(new RolloutEntry
        {
            RolloutId = rollout.Id, WorkflowId = workflow.Id, Action = "start", Actor = rollout.StartedBy, At = now,
            Reason = shadow
                ? $"Shadow of {version.Version} beside {champion}: it scores every item, never decides, and reviewers never see its label. {rollout.Justification}"
                : canary
                ? $"Canary of {version.Version} against {champion}: it decides {CanaryState.Settings(rollout).Steps[0]}% of units first. {rollout.Justification}"
                : interleaved
                ? $"Interleaved test of {version.Version} against {champion}: reviewers see a team-draft of both versions' top labels; each pick credits the version that proposed it. {rollout.Justification}"
                : ab
                ? $"A/B test of {version.Version} against {champion}: it decides {CanaryState.Settings(rollout).Steps[0]:0.#}% of units, and both arms' " +
                  $"decisions are audited at {request.AuditRate ?? CanaryState.DefaultAuditRate:P0}. {rollout.Justification}"
                : external
                ? $"Blue-green: {version.Version} (green, external) beside {champion} (blue): the client sends both predictions per item; agreement with blue shows on the items posted with both. {rollout.Justification}"
                : $"Blue-green: {version.Version} (green) warmed on {warmUp!.Sample} recent items beside {champion} (blue): {warmUp.Errors} errors, " +
                  $"agreement with blue {(warmUp.AgreementWithBlue is { } a ? a.ToString("P1") : "n/a")}. {rollout.Justification}",
            Evidence = warmUp is null ? null : JsonSerializer.Serialize(warmUp, JsonSerializerOptions.Web),
        });
        await db.SaveChangesAsync(ct);
        // The challenger alias names the version under evaluation: a built-in one scores every item beside the champion,
        // and a client's prediction naming it never stands in for the champion.
        if (workflow.ChallengerModelId != version.Id)
            await registry.SetAliasAsync(workflow, ModelAliases.Challenger, version, rollout.StartedBy, ct);
        await Changed(db, key, rollout, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/workflows/{key}/rollout", await DescribeAsync(db, key, rollout, ct, withEvidence: true));
    }

    /// <summary>Ends the rollout in progress by making its challenger the champion, with the replaced champion warm for a rollback.</summary>
    internal static Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Promote(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, CancellationToken ct) =>
        InProgressActionAsync(key, request, db, ct, async (workflow, rollout, why, now) =>
        {
            await CanaryTransitions.PromoteAsync(db, registry, workflow, rollout, user.Username(), why, now, ct);
            return null;
        });

    internal static Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Advance(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, CancellationToken ct) =>
        InProgressActionAsync(key, request, db, ct, splitOnly: true, act: async (_, rollout, why, now) =>
        {
            if (rollout.Strategy != RolloutStrategies.Canary)
                return $"An {rollout.Strategy} test keeps its share; promote the winner or abandon it.";
            var steps = CanaryState.Settings(rollout).Steps;
            if (rollout.Step + 1 >= steps.Count)
                return "The canary is at its last share; promote it to finish.";
            await CanaryTransitions.AdvanceAsync(db, rollout, user.Username(), $"By hand: {why}", now, ct);
            return null;
        });

    internal static Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Pause(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct) =>
        InProgressActionAsync(key, request, db, ct, splitOnly: true, act: async (_, rollout, why, now) =>
        {
            if (rollout.Status == RolloutStatuses.Paused)
                return $"The {rollout.Strategy} is already paused.";
            await CanaryTransitions.PauseAsync(db, rollout, user.Username(), why, now, ct);
            return null;
        });

    internal static Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Resume(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct) =>
        InProgressActionAsync(key, request, db, ct, splitOnly: true, act: async (_, rollout, why, now) =>
        {
            if (rollout.Status == RolloutStatuses.Running)
                return $"The {rollout.Strategy} is running.";
            rollout.Status = RolloutStatuses.Running;
            Record(db, rollout, "resume", user.Username(), why, now);
            await db.SaveChangesAsync(ct);
            return null;
        });

    /// <summary>
    /// An action on the rollout in progress, under the workflow's rollout lock: the action gets the workflow as it is
    /// now and returns why it does not apply (a 409), or null. Actions on a split of units (pause, resume, advance)
    /// refuse the other strategies.
    /// </summary>
    private static async Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> InProgressActionAsync(string key,
        RolloutActionRequest request, ReviewDbContext db, CancellationToken ct, Func<Workflow, Rollout, string, DateTimeOffset, Task<string?>> act,
        bool splitOnly = false)
    {
        if (JustificationProblem(request.Justification) is { } problem)
            return problem;
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, workflow.Id, ct);
        var rollout = await db.Rollouts.InProgress(workflow.Id).FirstOrDefaultAsync(ct);
        if (rollout is null)
            return ProblemHandling.Conflict("No rollout is in progress for this workflow.");
        if (splitOnly && !RolloutStrategies.SplitsUnits(rollout.Strategy))
            return ProblemHandling.Conflict($"The rollout in progress is a {rollout.Strategy}; only a canary or an A/B test pauses and resumes, and only a canary advances.");
        var current = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflow.Id, ct);
        var why = request.Justification!.Trim();
        // An A/B test ends with its verdict in the ledger: what the evidence said when it was promoted or stopped.
        if (rollout.Strategy == RolloutStrategies.AB && !splitOnly)
            why += $" {VerdictSentence(await ExperimentState.DescribeAsync(db, rollout, current.Level, DateTimeOffset.UtcNow, ct))}";
        if (rollout.Strategy == RolloutStrategies.Interleaved)
            why += $" {PreferenceSentence(await InterleavingState.DescribeAsync(db, rollout, DateTimeOffset.UtcNow, ct))}";
        if (await act(current, rollout, why, DateTimeOffset.UtcNow) is { } refusal)
            return ProblemHandling.Conflict(refusal);
        await Changed(db, key, rollout, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await DescribeAsync(db, key, rollout, ct, withEvidence: splitOnly));
    }

    /// <summary>An A/B test's verdict and the numbers behind it, for the ledger.</summary>
    internal static string VerdictSentence(ExperimentResponse e) =>
        $"Verdict then: {e.Verdict} on {e.Metric}" + (e.Difference is { } d
            ? $" (challenger - champion {d:+0.0%;-0.0%}, always-valid 95% bounds {e.Lower:+0.0%;-0.0%} to {e.Upper:+0.0%;-0.0%}; " +
              string.Join(", ", e.Arms.Select(a => $"{a.Version} {a.Correct}/{a.Checked}")) + ")."
            : ", nothing checked yet.");

    /// <summary>An interleaved test's preference and the picks behind it, for the ledger.</summary>
    internal static string PreferenceSentence(InterleavingResponse i) =>
        $"Verdict then: {i.Verdict} ({i.ChallengerWins} picks credited to the challenger, {i.ChampionWins} to the champion, {i.Outside} outside the list; sign test p = {i.PValue:0.####}).";

    /// <summary>Serialises rollout changes of one workflow: people's actions, starts and the evaluator's steps.</summary>
    internal static Task LockAsync(ReviewDbContext db, int workflowId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('rollouts'), {workflowId})", ct);

    private static ValidationProblem? JustificationProblem(string? justification) =>
        string.IsNullOrWhiteSpace(justification) || justification.Length > 4000 || !StorableText.IsStorable(justification)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["justification"] = ["Say why (at most 4,000 characters)."] })
            : null;

    /// <summary>Ends the rollout in progress without changing the champion.</summary>
    internal static Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> Abandon(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct) =>
        InProgressActionAsync(key, request, db, ct, async (_, rollout, why, now) =>
        {
            rollout.Status = RolloutStatuses.Abandoned;
            rollout.EndedAt = now;
            Record(db, rollout, "abandon", user.Username(), $"{rollout.Champion} stays champion: {why}", now);
            await db.SaveChangesAsync(ct);
            return null;
        });

    internal static async Task<Results<Ok<RolloutResponse>, ValidationProblem, ProblemHttpResult>> RollBack(
        string key, RolloutActionRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        if (JustificationProblem(request.Justification) is { } problem)
            return problem;
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, workflow.Id, ct);
        var latest = await db.Rollouts.Where(r => r.WorkflowId == workflow.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (latest is null)
            return ProblemHandling.Conflict("This workflow has had no rollout; there is nothing to roll back.");
        if (latest is { Status: RolloutStatuses.Running or RolloutStatuses.Paused } && RolloutStrategies.SplitsUnits(latest.Strategy))
        {
            // Every later item is decided by the champion: ingest routes by running canaries only.
            await CanaryTransitions.RollBackAsync(db, latest, workflow.Key, user.Username(), request.Justification!.Trim(), DateTimeOffset.UtcNow, ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(await DescribeAsync(db, key, latest, ct));
        }
        if (latest.Status != RolloutStatuses.Completed || latest.Champion is null)
            return ProblemHandling.Conflict(latest.Champion is null
                ? $"{latest.Challenger} replaced no champion; there is nothing to return to."
                : $"The latest rollout is {latest.Status.Replace('_', ' ')}; there is nothing to roll back.");
        var now = DateTimeOffset.UtcNow;
        if (latest.RollbackUntil is not { } until || now > until)
            return ProblemHandling.Conflict($"The rollback window closed at {latest.RollbackUntil:u}; deploy {latest.Champion} again with a new rollout.");
        var current = await db.ModelVersions.Where(m => m.Id == db.Workflows.Where(w => w.Id == workflow.Id).Select(w => w.ChampionModelId).First())
            .Select(m => m.Version).FirstOrDefaultAsync(ct);
        if (current != latest.Challenger)
            return ProblemHandling.Conflict($"The champion is no longer {latest.Challenger}; nothing to roll back.");
        var previous = await db.ModelVersions.AsNoTracking().FirstAsync(m => m.WorkflowId == workflow.Id && m.Version == latest.Champion, ct);

        latest.Status = RolloutStatuses.RolledBack;
        latest.EndedAt = now;
        Record(db, latest, "rollback", user.Username(), $"Back to {previous.Version}: {request.Justification!.Trim()}", now);
        await db.SaveChangesAsync(ct);
        await registry.SetAliasAsync(workflow, ModelAliases.Champion, previous, user.Username(), ct);
        await Changed(db, key, latest, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await DescribeAsync(db, key, latest, ct));
    }

    internal static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> Current(string key, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        if (!user.MayAccessWorkflow(key) || await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        var running = await db.Rollouts.AsNoTracking().InProgress(workflow.Id).FirstOrDefaultAsync(ct);
        return running is null
            ? ProblemHandling.NotFound($"No rollout is in progress for '{key}'; the history is at /rollouts.")
            // A model client polls it for versionsToScore: the evidence (reviewers' labels, McNemar per slice) is for people.
            : TypedResults.Ok(await DescribeAsync(db, key, running, ct, withEvidence: !user.IsInRole(Policies.ClientRole)));
    }

    internal static async Task<Results<Ok<List<RolloutResponse>>, ProblemHttpResult>> History(string key, ReviewDbContext db, CancellationToken ct)
    {
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        var rollouts = await db.Rollouts.AsNoTracking().Where(r => r.WorkflowId == workflow.Id).OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        var result = new List<RolloutResponse>(rollouts.Count);
        foreach (var rollout in rollouts)
            result.Add(await DescribeAsync(db, key, rollout, ct));
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Which version decided: for one item (<c>?externalId=</c>), the version whose prediction routed it, which during
    /// a canary may be the challenger; else, at a moment, the champion then.
    /// </summary>
    internal static async Task<Results<Ok<ServedResponse>, ValidationProblem, ProblemHttpResult>> Served(
        string key, DateTimeOffset? at, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct, string? externalId = null)
    {
        var errors = new FieldErrors();
        PlausibleTime.Check(errors, "at", at);
        errors.Require(externalId is null || (externalId.Length is > 0 and <= 256 && StorableText.IsStorable(externalId)), "externalId",
            "An item's externalId (at most 256 characters).");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        if (!user.MayAccessWorkflow(key) || await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        if (externalId is not null)
        {
            var item = await db.Items.AsNoTracking().Where(i => i.WorkflowId == workflow.Id && i.ExternalId == externalId)
                .Select(i => new
                {
                    i.ReceivedAt,
                    Version = db.Predictions.Where(p => p.ItemId == i.Id && p.UsedForRouting).Select(p => p.ModelVersion).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            return item is null
                ? ProblemHandling.NotFound($"No item '{StorableText.Echo(externalId)}' in workflow '{key}'.")
                : TypedResults.Ok(new ServedResponse(item.ReceivedAt, item.Version));
        }
        var moment = at ?? DateTimeOffset.UtcNow;
        var version = await db.ModelAliasChanges.AsNoTracking()
            .Where(c => c.WorkflowId == workflow.Id && c.Alias == ModelAliases.Champion && c.At <= moment)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => c.ToVersion)
            .FirstOrDefaultAsync(ct);
        var canary = await db.Rollouts.AsNoTracking()
            .Where(r => r.WorkflowId == workflow.Id && (r.Strategy == RolloutStrategies.Canary || r.Strategy == RolloutStrategies.AB)
                        && r.StartedAt <= moment && (r.EndedAt == null || r.EndedAt > moment))
            .FirstOrDefaultAsync(ct);
        if (canary is null)
            return TypedResults.Ok(new ServedResponse(moment, version));
        var ledger = await db.RolloutEntries.AsNoTracking().Where(e => e.RolloutId == canary.Id && e.At <= moment).OrderBy(e => e.Id)
            .Select(e => e.Action).ToListAsync(ct);
        return TypedResults.Ok(new ServedResponse(moment, version, canary.Challenger, CanaryState.ShareAfter(CanaryState.Settings(canary).Steps, ledger)));
    }

    /// <summary>Why the version lacks holdout evidence, or null when it has it.</summary>
    private static async Task<string?> EvidenceGapAsync(ReviewDbContext db, Workflow workflow, ModelVersion version, CancellationToken ct)
    {
        if (version.Kind == ModelKinds.BuiltIn)
            return version.HoldoutRows > 0 ? null : $"'{version.Version}' has no holdout evaluation.";
        var labelled = await db.Database.SqlQuery<long>($"""
            SELECT count(DISTINCT t.item_id) AS "Value"
            FROM review_tasks t JOIN predictions p ON p.item_id = t.item_id
            WHERE t.workflow_id = {workflow.Id} AND t.status = 'done' AND t.label IS NOT NULL AND p.model_version = {version.Version}
            """).SingleAsync(ct);
        return labelled >= MinExternalEvidence
            ? null
            : $"'{version.Version}' has been checked against reviewers on {labelled} items; a deployment needs {MinExternalEvidence}.";
    }

    /// <summary>Tells every open console (and the hub) that the workflow's rollout changed; delivered when the transaction commits.</summary>
    private static Task Changed(ReviewDbContext db, string key, Rollout rollout, CancellationToken ct) =>
        db.PublishAsync(new ConsoleEvent(EventTypes.RolloutChanged, key, DateTimeOffset.UtcNow, Label: rollout.Status, Route: rollout.Strategy), ct);

    internal static void Record(ReviewDbContext db, Rollout rollout, string action, string actor, string reason, DateTimeOffset at) =>
        db.RolloutEntries.Add(new RolloutEntry { RolloutId = rollout.Id, WorkflowId = rollout.WorkflowId, Action = action, Actor = actor, Reason = reason, At = at });

    private static async Task<RolloutResponse> DescribeAsync(ReviewDbContext db, string key, Rollout r, CancellationToken ct, bool withEvidence = false)
    {
        var ledger = await db.RolloutEntries.AsNoTracking().Where(e => e.RolloutId == r.Id).OrderBy(e => e.Id)
            .Select(e => new RolloutEntryResponse(e.Action, e.Actor, e.Reason, e.At)).ToListAsync(ct);
        var warmUp = r.Strategy == RolloutStrategies.BlueGreen
            ? await db.RolloutEntries.AsNoTracking().Where(e => e.RolloutId == r.Id && e.Action == "start").Select(e => e.Evidence).FirstOrDefaultAsync(ct)
            : null;
        var running = r.Status is RolloutStatuses.Running or RolloutStatuses.Paused;
        // Paired evidence: a shadow's, and an external green's (the client scores it; there was no warm-up).
        var paired = r.Strategy == RolloutStrategies.Shadow || r.Strategy == RolloutStrategies.BlueGreen && warmUp is null && running;
        var shadow = withEvidence && paired && r.Champion is { } champion
            ? await ShadowEvidence.LoadAsync(db, r.WorkflowId, champion, r.Challenger, r.StartedAt, ct)
            : null;
        var level = withEvidence && running && RolloutStrategies.SplitsUnits(r.Strategy)
            ? await db.Workflows.Where(w => w.Id == r.WorkflowId).Select(w => w.Level).FirstAsync(ct)
            : null;
        var canary = level is not null && r.Strategy == RolloutStrategies.Canary ? await CanaryState.DescribeAsync(db, r, level, DateTimeOffset.UtcNow, ct) : null;
        var experiment = level is not null && r.Strategy == RolloutStrategies.AB ? await ExperimentState.DescribeAsync(db, r, level, DateTimeOffset.UtcNow, ct) : null;
        var interleaving = withEvidence && running && r.Strategy == RolloutStrategies.Interleaved ? await InterleavingState.DescribeAsync(db, r, DateTimeOffset.UtcNow, ct) : null;
        // Clients send predictions of the external versions only: the console scores built-in ones itself.
        var toScore = running && r.Champion is { } scoredChampion
            ? await db.ModelVersions.AsNoTracking()
                .Where(m => m.WorkflowId == r.WorkflowId && m.Kind == ModelKinds.External && (m.Version == scoredChampion || m.Version == r.Challenger))
                .Select(m => m.Version).ToListAsync(ct)
            : null;
        return new RolloutResponse(r.Id, key, r.Strategy, r.Status, r.Challenger, r.Champion, r.Justification, r.StartedBy, r.StartedAt, r.EndedAt,
            r.RollbackUntil, ledger, shadow, warmUp is null ? null : JsonSerializer.Deserialize<WarmUpResponse>(warmUp, JsonSerializerOptions.Web), canary,
            toScore?.OrderBy(v => v == r.Challenger).ToList(), r.Fallbacks, experiment, interleaving);
    }
}
