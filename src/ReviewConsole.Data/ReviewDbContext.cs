using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Data.Auth;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Dashboard;
using ReviewConsole.Data.Drift;
using ReviewConsole.Data.Infrastructure;
using ReviewConsole.Data.Items;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Review;
using ReviewConsole.Data.Webhooks;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Data;

public sealed class ReviewDbContext(DbContextOptions<ReviewDbContext> options)
    : IdentityDbContext<AppUser>(options)
{
    public DbSet<Workflow> Workflows => Set<Workflow>();
    public DbSet<Item> Items => Set<Item>();
    public DbSet<Prediction> Predictions => Set<Prediction>();
    public DbSet<ReviewTask> ReviewTasks => Set<ReviewTask>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AutomationChange> AutomationChanges => Set<AutomationChange>();
    public DbSet<GateChange> GateChanges => Set<GateChange>();
    public DbSet<LabelCorrection> LabelCorrections => Set<LabelCorrection>();
    public DbSet<Rollouts.Rollout> Rollouts => Set<Rollouts.Rollout>();
    public DbSet<Rollouts.RolloutEntry> RolloutEntries => Set<Rollouts.RolloutEntry>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<WorkflowHourly> WorkflowHourly => Set<WorkflowHourly>();
    public DbSet<ReviewerHourly> ReviewerHourly => Set<ReviewerHourly>();
    public DbSet<RollupDelta> RollupDeltas => Set<RollupDelta>();
    public DbSet<FeatureProfileRow> FeatureProfiles => Set<FeatureProfileRow>();
    public DbSet<ProfileQueueEntry> ProfileQueue => Set<ProfileQueueEntry>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<TrainingJob> TrainingJobs => Set<TrainingJob>();
    public DbSet<ModelAliasChange> ModelAliasChanges => Set<ModelAliasChange>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReviewDbContext).Assembly);
        SnakeCaseNames.Apply(builder);
    }
}
