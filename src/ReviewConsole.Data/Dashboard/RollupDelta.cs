using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Dashboard;

/// <summary>
/// One write's contribution to the hourly counters, appended in the writing transaction. Appending never
/// contends (an upsert of the shared hourly row did: every ingest queued behind the previous commit);
/// a compactor folds deltas into <see cref="WorkflowHourly"/> every second, and readers add the few pending.
/// </summary>
public sealed class RollupDelta
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public DateTimeOffset Bucket { get; set; }
    public required string Level { get; set; }
    public required string ModelVersion { get; set; }
    public long ItemsReceived { get; set; }
    public long AutoDecided { get; set; }
    public long HumanDecided { get; set; }
    public long TasksCreated { get; set; }
    public long TasksDone { get; set; }
    public long Compared { get; set; }
    public long Agreed { get; set; }
    public long Audits { get; set; }
    public long AuditsAgreed { get; set; }
    public int LatencyBucket { get; set; }
    public long Decisions { get; set; }
}

internal sealed class RollupDeltaConfiguration : IEntityTypeConfiguration<RollupDelta>
{
    public void Configure(EntityTypeBuilder<RollupDelta> builder)
    {
        builder.Property(d => d.Level).HasMaxLength(16);
        builder.Property(d => d.ModelVersion).HasMaxLength(100);
        builder.HasIndex(d => new { d.WorkflowId, d.Bucket });
    }
}
