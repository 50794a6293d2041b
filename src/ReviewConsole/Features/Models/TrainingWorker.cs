using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Infrastructure;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Models;

/// <summary>
/// Runs queued training jobs off the request path, one at a time per replica; a job is taken with
/// SKIP LOCKED so only one replica runs it. The new version enters as challenger (shadow scoring).
/// </summary>
internal sealed class TrainingWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger<TrainingWorker> logger)
    : PollingWorker(scopes, time, logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    protected override string Activity => "Training";

    protected override Task StartAsync(IServiceProvider services, CancellationToken ct) =>
        FailInterruptedAsync(services.GetRequiredService<ReviewDbContext>(), ct);

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        await RunNextAsync(services, ct) ? TimeSpan.Zero : PollInterval;

    private async Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReviewDbContext>();
        var taken = await db.Database.SqlQuery<Guid>($"""
            UPDATE training_jobs SET status = 'running', stage = 'loading', started_at = now()
            WHERE id = (SELECT id FROM training_jobs WHERE status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
        if (taken.Count == 0)
            return false;
        var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == taken[0], ct);
        var workflow = await db.Workflows.AsNoTracking().SingleAsync(w => w.Id == job.WorkflowId, ct);
        try
        {
            var version = await TrainAsync(services, db, job, workflow, ct);
            await db.TrainingJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, "succeeded").SetProperty(j => j.Stage, "done").SetProperty(j => j.Progress, 1.0)
                .SetProperty(j => j.ModelVersionId, version.Id).SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow)
                .SetProperty(j => j.Message, $"Trained {version.Version}; it is the challenger unless a rollout was evaluating another."), ct);
            await db.PublishAsync(new ConsoleEvent(EventTypes.ModelTrained, workflow.Key, DateTimeOffset.UtcNow, Actor: job.RequestedBy, Label: version.Version), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Training job {Job} for {Workflow} failed", job.Id, workflow.Key);
            var message = ex is TrainingRefusedException ? ex.Message : $"Training failed: {ex.Message}";
            await db.TrainingJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, "failed").SetProperty(j => j.Message, message).SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow), ct);
            await db.PublishAsync(new ConsoleEvent(EventTypes.TrainingProgress, workflow.Key, DateTimeOffset.UtcNow, Label: "failed"), ct);
        }
        return true;
    }

    private async Task<ModelVersion> TrainAsync(IServiceProvider services, ReviewDbContext db, TrainingJob job, Workflow workflow, CancellationToken ct)
    {
        var items = await TrainingData.LoadAsync(db, workflow, ct);
        if (items.Count < TrainingData.MinimumLabels)
            throw new TrainingRefusedException($"Training needs at least {TrainingData.MinimumLabels} human labels; this workflow has {items.Count}.");
        var (train, holdout) = TrainingData.Split(items);
        var options = job.Options is null ? new TrainRequest() : JsonSerializer.Deserialize<TrainRequest>(job.Options, JsonSerializerOptions.Web)!;
        var trainerOptions = new TrainerOptions(Seed: options.Seed ?? 7, C: options.C ?? 1.0, MaxIterations: options.MaxIterations ?? 200,
            Trainer: options.Trainer ?? Trainers.Auto,
            // One core stays free for ingest, claims and the console while a model trains.
            Threads: Math.Max(1, Environment.ProcessorCount - 1));

        var reporter = new ProgressReporter(Scopes, job.Id, workflow.Key);
        var trained = await Task.Run(() => ModelTrainer.Train(workflow.Fields(), workflow.Labels, train.Select(t => t.Example).ToList(),
            holdout.Select(h => h.Example).ToList(), trainerOptions, reporter, ct), ct);
        await reporter.FlushAsync();

        var (championVersion, championReport) = await ChampionOnHoldoutAsync(services, db, workflow, holdout, ct);
        var builtIns = await db.ModelVersions.CountAsync(m => m.WorkflowId == workflow.Id && m.Kind == ModelKinds.BuiltIn, ct);
        var version = new ModelVersion
        {
            WorkflowId = workflow.Id,
            Version = $"builtin-{builtIns + 1}",
            Kind = ModelKinds.BuiltIn,
            Artifact = trained.Model.Serialize(),
            Metrics = JsonSerializer.Serialize(new ModelMetricsResponse(trained.Holdout.ToContract(), trained.UncalibratedEce,
                trained.Model.Temperature, championVersion, championReport?.ToContract(), trained.Model.Trainer,
                trained.Candidates.Select(c => new TrainerScoreResponse(c.Trainer, double.IsFinite(c.ValidationLogLoss) ? c.ValidationLogLoss : null,
                    c.ValidationAccuracy, c.Seconds)).ToList()), JsonSerializerOptions.Web),
            Card = JsonSerializer.Serialize(Card(workflow, job, train, holdout, trainerOptions, trained), JsonSerializerOptions.Web),
            // When the training items happened: the drift panel's reference when the version is champion.
            TrainedFrom = train.Min(t => t.OccurredAt),
            TrainedTo = train.Max(t => t.OccurredAt),
            TrainRows = train.Count,
            HoldoutRows = holdout.Count,
            CreatedBy = job.RequestedBy,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ModelVersions.Add(version);
        await db.SaveChangesAsync(ct);
        // A shadow or canary in progress is evaluating the current challenger: the new version waits unaliased.
        if (await ModelsApi.RunningWithChallengerAsync(db, workflow.Id, ct) is null)
            await services.GetRequiredService<ModelRegistry>().SetAliasAsync(workflow, ModelAliases.Challenger, version, job.RequestedBy, ct);
        logger.LogInformation("Trained {Version} for {Workflow}: holdout accuracy {Accuracy:P1}", version.Version, workflow.Key, trained.Holdout.Accuracy);
        return version;
    }

    /// <summary>The current champion judged on the new version's holdout: its artifact if built-in, its stored predictions if external.</summary>
    private static async Task<(string? Version, EvaluationReport? Report)> ChampionOnHoldoutAsync(
        IServiceProvider services, ReviewDbContext db, Workflow workflow, List<LabelledItem> holdout, CancellationToken ct)
    {
        if (workflow.ChampionModelId is not { } championId)
            return (null, null);
        var champion = await db.ModelVersions.AsNoTracking().SingleAsync(m => m.Id == championId, ct);
        if (champion.Kind == ModelKinds.BuiltIn)
        {
            var model = await services.GetRequiredService<ModelCache>().GetAsync(db, championId, ct);
            return (champion.Version, ModelTrainer.Evaluate(model, holdout.Select(h => h.Example).ToList()));
        }
        var ids = holdout.Select(h => h.ItemId).ToArray();
        var predictions = await db.Predictions.AsNoTracking()
            .Where(p => ids.Contains(p.ItemId) && p.ModelVersion == champion.Version)
            .GroupBy(p => p.ItemId)
            .Select(g => g.OrderByDescending(p => p.Id).First())
            .ToDictionaryAsync(p => p.ItemId, ct);
        var classOf = workflow.Labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var scored = holdout.Where(h => predictions.ContainsKey(h.ItemId) && classOf.ContainsKey(h.Example.Label)).ToList();
        if (scored.Count == 0)
            return (champion.Version, null);
        return (champion.Version, EvaluationReport.Evaluate(workflow.Labels,
            scored.Select(h => classOf[h.Example.Label]).ToList(),
            scored.Select(h => classOf.GetValueOrDefault(predictions[h.ItemId].Label)).ToList(),
            scored.Select(h => predictions[h.ItemId].Confidence).ToList(),
            scored.Select(h => h.Example.Slice).ToList()));
    }

    private static ModelCardResponse Card(Workflow workflow, TrainingJob job, List<LabelledItem> train, List<LabelledItem> holdout, TrainerOptions options,
        TrainedModel trained) => new(
        $"Decides '{workflow.Name}' among {string.Join(", ", workflow.Labels)}; used by ReviewConsole as champion or challenger under the automation ladder's gates.",
        $"{train.Count:N0} human-labelled items from {train[0].LabeledAt:yyyy-MM-dd HH:mm} to {train[^1].LabeledAt:yyyy-MM-dd HH:mm} UTC; " +
        $"evaluated on the newest {holdout.Count:N0} labels (time-based holdout). {TrainerChoice(trained, options)} " +
        $"Chosen and temperature-scaled on a validation share of {trained.ValidationRows:N0} labels; seed {options.Seed}.",
        "Learns only from what reviewers labelled: items the model auto-decided are not in its training data, so rare or new kinds of " +
        "item are under-represented. Image URLs are ignored; text is hashed bag-of-words. Check the per-slice accuracy before promoting.",
        job.RequestedBy,
        train[0].LabeledAt,
        train[^1].LabeledAt,
        train.GroupBy(t => t.Example.Label).ToDictionary(g => g.Key, g => g.Count()));

    /// <summary>Three significant digits, so two near-perfect models do not both read 0.000.</summary>
    internal static string LogLoss(double value) => value.ToString(value is > 0 and < 0.001 ? "0.00e+0" : "0.000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which trainer made the version, both validation scores, and why it won.</summary>
    private static string TrainerChoice(TrainedModel trained, TrainerOptions options)
    {
        static string Name(string trainer) => trainer == Trainers.BoostedTrees
            ? "gradient-boosted trees (ML.NET LightGBM)"
            : "multinomial logistic regression (ML.NET L-BFGS, L2)";
        static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
        static string Score(TrainerScore s) => double.IsFinite(s.ValidationLogLoss) ? LogLoss(s.ValidationLogLoss) : "n/a";
        var chosen = trained.Model.Trainer;
        if (trained.Candidates.Count < 2)
            return $"{Capitalised(Name(chosen))}, as requested (validation log-loss {Score(trained.Candidates[0])}).";
        var other = trained.Candidates.First(c => c.Trainer != chosen);
        var winner = trained.Candidates.First(c => c.Trainer == chosen);
        return $"{Capitalised(Name(chosen))}: validation log-loss {Score(winner)} against {Score(other)} for {Name(other.Trainer)}; " +
               "the lower log-loss wins.";
    }

    private static async Task FailInterruptedAsync(ReviewDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            UPDATE training_jobs SET status = 'failed', message = 'Interrupted by a restart; start it again.', finished_at = now()
            WHERE status = 'running' AND started_at < now() - interval '30 minutes'
            """, ct);
    }

    /// <summary>Writes progress to the job row at most twice a second, from the training thread.</summary>
    private sealed class ProgressReporter(IServiceScopeFactory scopes, Guid jobId, string workflowKey) : IProgress<TrainingProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private TrainingProgress? _last;

        public void Report(TrainingProgress value)
        {
            _last = value;
            if (_since.Elapsed < ProgressInterval && value.Stage != "done")
                return;
            _since.Restart();
            FlushAsync().GetAwaiter().GetResult();
        }

        public async Task FlushAsync()
        {
            if (_last is not { } last)
                return;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
            await db.TrainingJobs.Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Stage, last.Stage).SetProperty(j => j.Progress, last.Fraction));
            await db.PublishAsync(new ConsoleEvent(EventTypes.TrainingProgress, workflowKey, DateTimeOffset.UtcNow, Label: last.Stage), CancellationToken.None);
        }
    }
}


