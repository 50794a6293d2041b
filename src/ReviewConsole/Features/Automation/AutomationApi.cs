using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Automation;

public static class AutomationApi
{
    public const int HistoryShown = 50;

    public static WebApplicationBuilder AddAutomation(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AutomationService>();
        return builder;
    }

    public static RouteGroupBuilder MapAutomationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Automation").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/automation", Get).WithSummary("Level, threshold, the gates of the next step, the guardrail and the history.");
        group.MapGet("/automation/evidence", Evidence).WithSummary("Coverage-vs-precision curve, reliability diagram, slices and agreement trend.");
        group.MapPost("/automation:promote", Promote).RequireAuthorization(Policies.ManageModels);
        group.MapPost("/automation:demote", Demote).RequireAuthorization(Policies.ManageModels);
        group.MapPut("/gates", SetGates).RequireAuthorization(Policies.ManageModels);
        return group;
    }

    internal static async Task<Results<Ok<AutomationResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string key, double? threshold, ReviewDbContext db, CancellationToken ct)
    {
        if (threshold is { } asked && !LevelChangeRules.IsProbability(asked))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["threshold"] = ["Must be a number in (0, 1]."] });
        var workflow = await db.WorkflowAsync(key, ct);
        return workflow is null ? WorkflowLookup.NoWorkflow(key) : TypedResults.Ok(await DescribeAsync(db, workflow, threshold, ct));
    }

    internal static async Task<Results<Ok<EvidenceResponse>, ValidationProblem, ProblemHttpResult>> Evidence(
        string key, double? threshold, ReviewDbContext db, CancellationToken ct)
    {
        if (threshold is { } asked && !LevelChangeRules.IsProbability(asked))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["threshold"] = ["Must be a number in (0, 1]."] });
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        var (settings, criticality) = (workflow.GateSettings(), Criticality(workflow));
        var target = settings.Target(criticality);
        var evidence = await EvidenceQuery.LoadAsync(db, workflow, ct);
        var requirements = GateEvaluator.Requirements(settings, target);
        var proposal = ThresholdSearch.Propose(evidence.Labelled, requirements);
        var shown = threshold ?? workflow.Threshold ?? proposal.Proposed?.Threshold;
        var calibration = Calibration.Evaluate(evidence.Labelled);
        return TypedResults.Ok(new EvidenceResponse(
            evidence.Labelled.Count,
            target,
            proposal.Proposed?.Threshold,
            shown,
            proposal.Curve.Select(p => new CurvePointResponse(p.Threshold, p.Coverage, p.Decided, p.Precision, p.PrecisionLower)).ToList(),
            calibration.ExpectedCalibrationError,
            calibration.Bins.Select(b => new ReliabilityBinResponse(b.Lower, b.Upper, b.Count, b.MeanConfidence, b.Accuracy)).ToList(),
            (shown is { } t ? ThresholdSearch.Slices(evidence.Labelled, t, requirements) : [])
                .Select(s => new SliceResponse(s.Slice, s.Decided, s.Correct, s.Precision, s.PrecisionLower, s.Checked, s.Passed)).ToList(),
            await EvidenceQuery.AgreementTrendAsync(db, workflow, settings.ConfidenceLevel, ct)));
    }

    internal static async Task<Results<Ok<AutomationResponse>, ValidationProblem, ProblemHttpResult>> Promote(
        string key, PromoteRequest request, ClaimsPrincipal user, ReviewDbContext db, AutomationService automation, CancellationToken ct)
    {
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        Wire.TryParse<AutomationLevel>(workflow.Level, out var current);
        var (to, problems) = LevelChangeRules.CheckPromotion(new PromotionRequest(current, request.ToLevel, request.Justification, request.Force, request.Threshold));
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(FieldErrors.From(problems));
        if (request.Force && !LevelChangeRules.MayForce(user.IsInRole(Roles.Admin)))
            return ProblemHandling.Forbidden("Only an admin may force a promotion past failing gates.");

        var settings = workflow.GateSettings();
        var criticality = Criticality(workflow);
        var evaluation = GateEvaluator.Evaluate(current, criticality, settings, await EvidenceQuery.LoadAsync(db, workflow, ct), request.Threshold);
        var threshold = LevelChangeRules.ThresholdAfter(to, evaluation.Threshold, workflow.Threshold);
        if (to == AutomationLevel.Partial && threshold is null)
            return ProblemHandling.Unprocessable(new Dictionary<string, string[]>
            {
                ["threshold"] = ["No confidence threshold meets the precision and coverage targets yet; pick one explicitly."],
            }, "Partial automation needs a confidence threshold.");
        if (!evaluation.AllPassed && !request.Force)
            return GatesFailed(evaluation);

        var guardrail = await EvidenceQuery.GuardrailAsync(db, workflow, settings, criticality, ct);
        return await ApplyAsync(db, automation, new LevelChange(workflow, current, to, threshold, user.Username(), request.Justification!.Trim(),
            Forced: request.Force && !evaluation.AllPassed, Automatic: false, evaluation, guardrail), ct);
    }

    internal static async Task<Results<Ok<AutomationResponse>, ValidationProblem, ProblemHttpResult>> Demote(
        string key, DemoteRequest request, ClaimsPrincipal user, ReviewDbContext db, AutomationService automation, CancellationToken ct)
    {
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        Wire.TryParse<AutomationLevel>(workflow.Level, out var current);
        var (to, problems) = LevelChangeRules.CheckDemotion(current, request.ToLevel, request.Justification);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(FieldErrors.From(problems));

        var settings = workflow.GateSettings();
        var criticality = Criticality(workflow);
        // The snapshot shows where the evidence stood for the level being left.
        var evidence = await EvidenceQuery.LoadAsync(db, workflow, ct);
        var evaluation = GateEvaluator.Evaluate(to, criticality, settings, evidence);
        var guardrail = await EvidenceQuery.GuardrailAsync(db, workflow, settings, criticality, ct);
        return await ApplyAsync(db, automation, new LevelChange(workflow, current, to, workflow.Threshold, user.Username(), request.Justification!.Trim(),
            Forced: false, Automatic: false, evaluation, guardrail), ct);
    }

    /// <summary>
    /// Replaces the workflow's gate overrides, with a justification, as an audited change. ML leads may only tighten
    /// the gates; setting any below product.md's defaults (the floors) takes an admin.
    /// </summary>
    internal static async Task<Results<Ok<AutomationResponse>, ValidationProblem, ProblemHttpResult>> SetGates(
        string key, GateSettingsRequest request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        GateSettingsMapping.Validate(request, "", errors);
        errors.Require(!string.IsNullOrWhiteSpace(request.Justification), ".justification", "Say why the gates change; the change is audited.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(errors.Select(e => KeyValuePair.Create(e.Key.TrimStart('.'), e.Value))));
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        var criticality = Criticality(workflow);
        var below = GateSettingsMapping.BelowFloors(request, criticality, "");
        if (below.Count > 0 && !user.IsInRole(Roles.Admin))
            return GateSettingsMapping.FloorsRefused(below, criticality);

        var overrides = GateSettingsMapping.Serialize(request);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Workflows.Where(w => w.Id == workflow.Id && w.GateOverrides == workflow.GateOverrides)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.GateOverrides, overrides), ct);
        if (updated == 0)
            return ProblemHandling.Conflict("The gates changed meanwhile; reload and try again.");
        db.GateChanges.Add(new GateChange
        {
            WorkflowId = workflow.Id, Actor = user.Username(), Justification = request.Justification!.Trim(),
            FromOverrides = workflow.GateOverrides, ToOverrides = overrides, BelowDefaults = below.Count > 0, At = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await DescribeAsync(db, await ReloadAsync(db, workflow), null, ct));
    }

    internal static async Task<AutomationResponse> DescribeAsync(ReviewDbContext db, Workflow workflow, double? threshold, CancellationToken ct)
    {
        Wire.TryParse<AutomationLevel>(workflow.Level, out var level);
        var settings = workflow.GateSettings();
        var criticality = Criticality(workflow);
        var evaluation = level == AutomationLevel.Full
            ? null
            : GateEvaluator.Evaluate(level, criticality, settings, await EvidenceQuery.LoadAsync(db, workflow, ct), threshold);
        var guardrail = await EvidenceQuery.GuardrailAsync(db, workflow, settings, criticality, ct);
        var history = await db.AutomationChanges.AsNoTracking()
            .Where(c => c.WorkflowId == workflow.Id)
            .OrderByDescending(c => c.Id)
            .Take(HistoryShown)
            .ToListAsync(ct);
        return new AutomationResponse(
            workflow.Level,
            workflow.Threshold,
            evaluation?.To.ToWire(),
            evaluation?.Proposal?.Proposed?.Threshold,
            settings.Target(criticality),
            evaluation?.Gates.Select(g => g.ToContract()).ToList() ?? [],
            AutomationService.ToContract(guardrail, level),
            history.Select(c => new AutomationChangeResponse(c.Id, c.FromLevel, c.ToLevel, c.Threshold, c.Actor, c.Justification, c.Forced,
                c.Automatic, c.At, JsonSerializer.Deserialize<EvidenceSnapshot>(c.Evidence, JsonSerializerOptions.Web)?.Gates ?? [])).ToList(),
            await EvidenceQuery.CountingSinceAsync(db, workflow, ct),
            settings.ToRequest(criticality),
            (await db.GateChanges.AsNoTracking().Where(c => c.WorkflowId == workflow.Id).OrderByDescending(c => c.Id).Take(HistoryShown).ToListAsync(ct))
                .Select(c => new GateChangeResponse(c.Id, c.Actor, c.Justification, GateSettingsMapping.Deserialize(c.FromOverrides),
                    GateSettingsMapping.Deserialize(c.ToOverrides), c.BelowDefaults, c.At)).ToList());
    }

    internal static async Task<Results<Ok<AutomationResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ReviewDbContext db, AutomationService automation, LevelChange change, CancellationToken ct) =>
        await automation.ApplyAsync(change, ct)
            ? TypedResults.Ok(await DescribeAsync(db, await ReloadAsync(db, change.Workflow), null, ct))
            : ProblemHandling.Conflict("The workflow's level changed meanwhile; reload and try again.");

    private static ProblemHttpResult GatesFailed(GateEvaluation evaluation)
    {
        var failing = evaluation.Gates.Where(g => !g.Passed).ToList();
        var problem = new HttpValidationProblemDetails(failing.ToDictionary(
            g => g.Name,
            g => new[] { $"{g.Description}: requires {Format(g.Format, g.Required)}, actual {(g.Actual is { } a ? Format(g.Format, a) : "none")}." }))
        {
            Title = "The gates for this promotion do not pass",
            Detail = $"{failing.Count} of {evaluation.Gates.Count} gates fail for {evaluation.From.ToWire()} -> {evaluation.To.ToWire()}.",
            Status = StatusCodes.Status422UnprocessableEntity,
        };
        problem.Extensions["gates"] = evaluation.Gates.Select(g => g.ToContract()).ToList();
        return TypedResults.Problem(problem);
    }

    private static string Format(GateFormat format, double value) => format switch
    {
        GateFormat.Ratio => value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
        GateFormat.Allowed => value >= 1 ? "allowed" : "not allowed",
        _ => value.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
    };

    internal static Criticality Criticality(Workflow workflow) =>
        Wire.TryParse<Criticality>(workflow.Criticality, out var criticality) ? criticality : Core.Ladder.Criticality.Medium;

    internal static Task<Workflow> ReloadAsync(ReviewDbContext db, Workflow workflow) =>
        db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflow.Id);
}
